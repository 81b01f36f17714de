"""`poboard serve --web`: read-only pages of the board for the people outside the
terminal (stakeholders above all), and the one write they may make: a request.

Sign-in is by a one-time link a product owner gives (`poboard member link`); every page
acts for the member signed in, through the board service, so the web can bypass no gate.
"""
