"""sbsite: a council's short breaks and SEND Local Offer data, as an accessible website."""
from pathlib import Path

__version__ = "0.1.0"

# Where the package's own files are (JSON schemas, the law's list, pictures...), and the
# site-wide templates beside it, so a module's place in the folders never changes a path.
PACKAGE = Path(__file__).resolve().parent
SCHEMAS = PACKAGE / "schemas"
DATA = PACKAGE / "data"
TEMPLATES = PACKAGE.parent / "templates"
