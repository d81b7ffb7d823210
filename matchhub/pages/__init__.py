"""Public pages: the home page, the privacy policy and the language switch."""
