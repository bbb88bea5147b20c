"""Providers' photos: checked, resized into WebP and JPEG, shown with their alt text."""
from pathlib import Path

from sbsite.core.feature import Feature
from sbsite.features.photos import photos
from sbsite.features.photos.photos import picture  # noqa: F401 (the face others use)


def _check(ctx):
    return photos.check(ctx.root, ctx.loaded["providers.yaml"])


HERE = Path(__file__).parent  # its templates, script and styles
FEATURE = Feature("photos", check=_check, template_globals={"photo_figure": photos.figure}, folder=HERE)
