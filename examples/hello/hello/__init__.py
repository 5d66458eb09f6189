"""A tiny app that greets."""
