"""Accounts: sign-up, login, second factor, password reset, API tokens, mail settings."""
