"""sbsite: turn a council's short breaks and Local Offer data into an accessible website."""
__version__ = "0.1.0"
