"""sitegen: a static site generator for Japanese consulting and knowledge blogs."""

__version__ = "0.1.0"
