"""One module per screen; each screen is an App mode on a number key."""
