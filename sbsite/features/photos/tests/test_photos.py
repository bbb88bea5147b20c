"""Providers' photos: checking the files, resizing them, and the <picture> the pages get."""
import io
import re

import pytest
from PIL import Image

from sbsite.features.photos import photos
from sbsite.render import engine as render
from sbsite.core.model import Photo
from sbsite.pipeline import load_site

from conftest import replace_in

ALPHA_COST = "    cost: {free: true}\n"


def make_image(path, size=(1200, 800), fmt=None, colour=(200, 120, 60), **save):
    path.parent.mkdir(parents=True, exist_ok=True)
    im = Image.new("RGB", size, colour)
    for x in range(0, size[0], 50):  # something to compress
        im.paste((30, 90, 160), (x, 0, x + 10, size[1]))
    im.save(path, fmt, **save)
    return path


def add_photos(root, yaml_block, files=()):
    """Give the fixture's Alpha Club a `photos:` block (and more), and put files in its folder."""
    replace_in(root / "providers.yaml", ALPHA_COST, yaml_block + ALPHA_COST)
    folder = root / "content/providers/alpha-club/photos"
    for name in files:
        make_image(folder / name)
    return folder


GOOD = """    photos:
      - file: hall.jpg
        alt: A bright hall with tables and chairs
        caption: Our hall
      - file: garden.png
        alt: A garden with a swing
"""


def problems_for(root):
    site, problems = load_site(root)
    assert site is None, "expected problems"
    return problems


def only(problems, text):
    found = [p for p in problems if text in p.message]
    assert found, "\n".join(p.format() for p in problems)
    return found[0]


def line_of(root, text):
    lines = (root / "providers.yaml").read_text().splitlines()
    return next(i for i, line in enumerate(lines, 1) if text in line)


# ---------------------------------------------------------------- checking

def test_good_photos_load_into_the_model(project):
    add_photos(project, GOOD, ["hall.jpg", "garden.png"])
    site, problems = load_site(project)
    assert problems == []
    alpha = next(p for p in site.providers if p.id == "alpha-club")
    assert alpha.photos == (Photo("hall.jpg", "A bright hall with tables and chairs", "Our hall"),
                            Photo("garden.png", "A garden with a swing", ""))


def test_missing_alt_text_is_reported_with_its_line(project):
    add_photos(project, GOOD.replace("        alt: A garden with a swing\n", ""), ["hall.jpg", "garden.png"])
    p = only(problems_for(project), "is missing the field 'alt'")
    assert p.file == "providers.yaml" and p.line == line_of(project, "- file: garden.png")
    assert "2nd photo" in p.message and "for people who cannot see it" in p.fix


def test_empty_or_meaningless_alt_text(project):
    add_photos(project, GOOD.replace("alt: A garden with a swing", 'alt: ""'), ["hall.jpg", "garden.png"])
    assert only(problems_for(project), "'alt' is empty").line == line_of(project, 'alt: ""')
    replace_in(project / "providers.yaml", 'alt: ""', "alt: garden.png")
    p = only(problems_for(project), "does not say what the photo shows")
    assert p.line == line_of(project, "alt: garden.png") and "Describe the photo" in p.fix


def test_missing_file_suggests_the_nearest_name(project):
    add_photos(project, GOOD, ["hall.jpg", "Garden.png"])
    p = only(problems_for(project), "The photo 'garden.png' is not in the folder content/providers/alpha-club/photos/")
    assert p.line == line_of(project, "- file: garden.png") and "Did you mean 'Garden.png'?" in p.message
    assert "capital letters" in p.fix


def test_unsupported_format(project):
    add_photos(project, GOOD.replace("garden.png", "garden.gif"), ["hall.jpg"])
    make_image(project / "content/providers/alpha-club/photos/garden.gif", fmt="GIF")
    p = only(problems_for(project), "'garden.gif' is not a kind of picture file we publish (.gif)")
    assert p.line == line_of(project, "- file: garden.gif") and "JPEG (.jpg), PNG (.png) or WebP (.webp)" in p.fix


def test_damaged_file_or_wrong_contents(project):
    folder = add_photos(project, GOOD, ["hall.jpg"])
    (folder / "garden.png").write_bytes(b"this is not a picture")
    p = only(problems_for(project), "The file 'garden.png' is not a photo we can read")
    assert p.line == line_of(project, "- file: garden.png") and "save it again" in p.fix


def test_a_gif_renamed_to_jpg_is_not_accepted(project):
    folder = add_photos(project, GOOD, ["garden.png"])
    make_image(folder / "hall.jpg", fmt="GIF")
    only(problems_for(project), "(it is a GIF file)")


def test_oversized_file_in_bytes(project, monkeypatch):
    add_photos(project, GOOD, ["hall.jpg", "garden.png"])
    size = (project / "content/providers/alpha-club/photos/hall.jpg").stat().st_size
    monkeypatch.setattr(photos, "MAX_BYTES", size - 1)
    p = only(problems_for(project), "The photo 'hall.jpg' is")
    assert "the most we accept is" in p.message and p.line == line_of(project, "- file: hall.jpg")
    assert "resize" in p.fix


def test_oversized_in_pixels(project):
    folder = add_photos(project, GOOD, ["hall.jpg"])
    make_image(folder / "garden.png", size=(6001, 20))
    p = only(problems_for(project), "is 6001 × 20 pixels; the most we accept is 6000 on each side")
    assert p.line == line_of(project, "- file: garden.png")


def test_a_photo_listed_twice(project):
    add_photos(project, GOOD + "      - file: hall.jpg\n        alt: The hall again\n", ["hall.jpg", "garden.png"])
    p = only(problems_for(project), "The photo 'hall.jpg' is listed twice")
    assert f"first on line {line_of(project, '- file: hall.jpg')}" in p.message


def test_a_file_nobody_listed_has_no_alt_text(project):
    folder = add_photos(project, GOOD, ["hall.jpg", "garden.png", "extra.jpg"])
    (folder / "README.md").write_text("notes are fine")
    p = only(problems_for(project), "content/providers/alpha-club/photos/extra.jpg is not listed under 'photos:'")
    assert "so it has no alt text" in p.message and "file: extra.jpg" in p.fix
    assert len([x for x in problems_for(project) if "not listed" in x.message]) == 1


def test_a_folder_for_a_provider_that_does_not_exist(project):
    make_image(project / "content/providers/alpha-clubb/photos/hall.jpg")
    p = only(problems_for(project), "content/providers/alpha-clubb/ is not named after any provider")
    assert p.file == "content/providers/alpha-clubb" and "Did you mean 'alpha-club'?" in p.message


def test_file_names_with_folders_or_spaces_are_refused(project):
    add_photos(project, GOOD.replace("garden.png", "../garden.png"), ["hall.jpg"])
    p = only(problems_for(project), "is not in the right form for 'file'")
    assert "no spaces or folders" in p.fix


# ---------------------------------------------------------------- resizing

def test_widths_never_upscale():
    assert photos.widths(photos.Info(2400, 1600, "JPEG", "x")) == [160, 240, 320, 480, 640, 960]
    assert photos.widths(photos.Info(500, 300, "JPEG", "x")) == [160, 240, 320, 480, 500]
    assert photos.widths(photos.Info(100, 100, "PNG", "x")) == [100]
    ws = photos.WIDTHS
    assert all(b / a <= 1.5 for a, b in zip(ws, ws[1:])), "neighbouring widths more than 1.5 times apart"


@pytest.mark.parametrize("ext,fmt", [("webp", "WEBP"), ("jpg", "JPEG")])
def test_resize_keeps_the_shape_and_encodes(tmp_path, ext, fmt):
    raw = make_image(tmp_path / "a.png", size=(1200, 800)).read_bytes()
    out = Image.open(io.BytesIO(photos.process(raw, 480, ext)))
    assert out.format == fmt and out.size == (480, 320)
    small = Image.open(io.BytesIO(photos.process(raw, 4000, ext)))
    assert small.size == (1200, 800), "a photo is never made bigger than it is"


def test_output_is_the_same_bytes_every_time_and_has_no_metadata(tmp_path):
    exif = Image.Exif()
    exif[0x010F] = "Camera maker"  # Make
    exif[0x0132] = "2026:01:01 10:00:00"  # DateTime
    raw = make_image(tmp_path / "a.jpg", exif=exif.tobytes()).read_bytes()
    assert b"Camera maker" in raw
    for ext in ("webp", "jpg"):
        first, second = photos.process(raw, 320, ext), photos.process(raw, 320, ext)
        assert first == second
        assert b"Camera maker" not in first and b"2026:01:01" not in first
        assert not Image.open(io.BytesIO(first)).getexif()


def test_a_turned_camera_photo_comes_out_upright(tmp_path):
    exif = Image.Exif()
    exif[0x0112] = 6  # stored sideways: shown turned 90 degrees
    path = make_image(tmp_path / "a.jpg", size=(800, 600), exif=exif.tobytes())
    info = photos.inspect(path)
    assert (info.width, info.height) == (600, 800)
    assert Image.open(io.BytesIO(photos.process(path.read_bytes(), 300, "jpg"))).size == (300, 400)


def test_transparent_png_gets_a_white_background(tmp_path):
    path = tmp_path / "a.png"
    Image.new("RGBA", (400, 200), (0, 0, 0, 0)).save(path)
    out = Image.open(io.BytesIO(photos.process(path.read_bytes(), 200, "jpg"))).convert("RGB")
    assert out.getpixel((10, 10)) > (245, 245, 245)


def test_processed_files_are_cached_by_content(project, tmp_path, monkeypatch):
    add_photos(project, GOOD, ["hall.jpg", "garden.png"])
    site, _ = load_site(project)
    cache = tmp_path / "cache"
    first = photos.assets(site, cache)
    assert len(first) == 2 * 2 * 6  # two photos, two formats, six widths each
    assert len(list(cache.iterdir())) == len(first)

    def boom(*a, **kw):
        raise AssertionError("a cached photo was processed again")

    monkeypatch.setattr(photos, "process", boom)
    assert photos.assets(site, cache) == first


# ---------------------------------------------------------------- the <picture>

def picture_html(project, layout="gallery", eager=False, alt="A hall"):
    add_photos(project, GOOD, ["hall.jpg", "garden.png"])
    site, problems = load_site(project)
    assert problems == []
    return str(photos.picture(site, "alpha-club", Photo("hall.jpg", alt), "providers/alpha-club.md", layout, eager))


def test_picture_has_srcset_sizes_fallback_and_dimensions(project):
    html = picture_html(project)
    webp = re.search(r'<source type="image/webp" srcset="([^"]+)" sizes="([^"]+)">', html)
    assert webp, html
    entries = webp.group(1).split(", ")
    assert [e.rsplit(" ", 1)[1] for e in entries] == ["160w", "240w", "320w", "480w", "640w", "960w"]
    assert all(e.startswith("../../photos/alpha-club/hall-") and e.split(" ")[0].endswith(f"-{e.split(' ')[1][:-1]}.webp")
               for e in entries)
    assert webp.group(2) == photos.LAYOUTS["gallery"]["sizes"]
    img = re.search(r"<img [^>]+>", html).group(0)
    assert re.search(r'src="../../photos/alpha-club/hall-[0-9a-f]{10}-320\.jpg"', img)
    assert 'srcset="../../photos/alpha-club/hall-' in img and "960w" in img
    assert 'width="320" height="213"' in img
    assert 'loading="lazy"' in img and 'decoding="async"' in img and "fetchpriority" not in img


def test_first_image_is_not_lazy(project):
    img = picture_html(project, layout="hero", eager=True)
    assert 'loading="lazy"' not in img and 'fetchpriority="high"' in img and 'width="640" height="427"' in img


def test_alt_text_is_escaped(project):
    html = picture_html(project, alt='A "hall" <script>alert(1)</script> & more')
    assert 'alt="A &quot;hall&quot; &lt;script&gt;alert(1)&lt;/script&gt; &amp; more"' in html
    assert "<script" not in html


def test_file_names_change_when_the_photo_changes(project):
    add_photos(project, GOOD, ["hall.jpg", "garden.png"])
    site, _ = load_site(project)
    before = set(photos.assets(site))
    make_image(project / "content/providers/alpha-club/photos/hall.jpg", colour=(10, 200, 10))
    site, _ = load_site(project)
    after = set(photos.assets(site))
    assert {p for p in before if "/garden-" in p} == {p for p in after if "/garden-" in p}
    assert not {p for p in before if "/hall-" in p} & {p for p in after if "/hall-" in p}


def test_provider_page_shows_photos_captions_and_escapes_them(project):
    block = GOOD.replace("caption: Our hall", 'caption: "Our <b>hall</b>"').replace(
        "alt: A garden with a swing", 'alt: "A garden <img src=x onerror=alert(1)>"')
    add_photos(project, block, ["hall.jpg", "garden.png"])
    site, problems = load_site(project)
    assert problems == []
    page = render.render_tree(site)["providers/alpha-club.md"]
    assert page.count("<picture>") == 2
    assert 'class="sb-photo sb-photo--hero"' in page and "## Photos" in page
    assert "<figcaption>Our &lt;b&gt;hall&lt;/b&gt;</figcaption>" in page
    assert "<b>" not in page and "<img src=x" not in page
    # The first photo is at the top (before the key facts); the rest under "Photos".
    assert page.index("sb-photo--hero") < page.index("sb-keyfacts") < page.index("## Photos") < page.index("garden")
    assert "<picture>" not in render.render_tree(site)["providers/beta-breaks.md"]
