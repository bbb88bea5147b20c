"""'What to expect': a picture story a child can read before going, and parents' words."""
from pathlib import Path

from sbsite.core.feature import Feature
from sbsite.features.story import story


def _check(ctx):
    return story.check(ctx.root, ctx.loaded["providers.yaml"], ctx.memory)


HERE = Path(__file__).parent  # its templates, script and styles
FEATURE = Feature("story", check=_check, provider_fields=story.from_data, pages=story.pages,
                  template_globals={"story_picture": story.step_picture, "story_for": story.story_for}, folder=HERE)
