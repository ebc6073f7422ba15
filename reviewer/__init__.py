"""reviewer: review and publish the article files of a Jekyll site."""

__version__ = "0.1.0"
