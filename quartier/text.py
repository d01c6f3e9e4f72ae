"""Small text helpers shared by all apps."""


def one_line(text):
    """`text` with every run of whitespace, line breaks of any kind included
    (\\r, \\n, U+0085, U+2028 …), turned into one space, and trimmed: safe for
    email headers and calendar properties."""
    return " ".join(str(text or "").split())
