"""profilespec: Ideal Customer Profiles and buyer personas as code."""

__version__ = "0.1.0"
