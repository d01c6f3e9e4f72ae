"""Bringing the platform to people offline and by mail: printable window
stickers, posters and guides with QR codes (WeasyPrint, segno) and the
residents' newsletter digest."""
