"""Campaigns, workshops and news."""
