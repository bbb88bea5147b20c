"""Providers' photos: checked like any other data, then resized and compressed for the web.

A provider keeps its photos as files next to the data, in
content/providers/<provider id>/photos/, and lists each one under `photos:` in
providers.yaml with its alt text (required) and an optional caption.

The journey:
- `check()` (called by project.load_site) finds missing, unreadable, oversized
  or unsupported files, photos with no alt text, and files nobody listed.
- `picture()` (called by templates) writes a <picture> element: WebP with a
  JPEG fallback, several widths in `srcset`, a `sizes` that matches our CSS, fixed
  width and height (no layout shift), lazy loading except for the first image.
- `assets()` (called by build.build) makes the resized files. The same source
  always gives the same bytes (no metadata, fixed quality, no timestamps), and
  each result is kept in a cache keyed by the source's content hash, so a
  rebuild only processes photos that changed.
"""
from __future__ import annotations

import hashlib
import html
import io
import os
import posixpath
import re
import tempfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from markupsafe import Markup

from sbsite.load.loader import Loaded
from sbsite.core.urls import url_dir
from sbsite.core.problems import Problem, did_you_mean

PHOTO_ROOT = "content/providers"
OUT_DIR = "photos"  # where the resized files go in the site
MAX_BYTES = 10 * 1024 * 1024
MAX_SIDE = 6000
FORMATS = {"JPEG": "JPEG", "PNG": "PNG", "WEBP": "WebP"}  # Pillow's name → the name people know
EXTENSIONS = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG", ".webp": "WEBP"}
IGNORED = {".md", ".txt"}  # a README or LICENSE beside the photos is fine
# Widths we make, never wider than the original. Neighbours are at most 1.5 times apart,
# so a browser choosing from them never fetches more than 1.5 times what it shows.
WIDTHS = (160, 240, 320, 480, 640, 960)
QUALITY = {"webp": 72, "jpg": 78}
VERSION = "1"  # change when the processing changes, so old cache entries are not used

# How wide each kind of picture is shown (see .sb-photo--* in templates/assets/sbsite.css):
# `sizes` tells the browser before the CSS loads; `shown` is the width at its widest.
# 32px is Material's 0.8rem content margin on each side on small screens (1rem = 20px).
LAYOUTS = {
    "hero": {"sizes": "(max-width: 671px) calc(100vw - 32px), 640px", "shown": 640},
    "gallery": {"sizes": "(max-width: 351px) calc(100vw - 32px), 320px", "shown": 320},
    "story": {"sizes": "240px", "shown": 240},
}


@dataclass(frozen=True)
class Info:
    """What we need to know about a source photo: its shape once upright, and a content hash."""
    width: int
    height: int
    format: str
    digest: str


def folder_name(provider_id: str) -> str:
    return f"{PHOTO_ROOT}/{provider_id}/photos"


def _image():
    from PIL import Image

    return Image


@lru_cache(maxsize=512)
def _inspect(path: str, mtime_ns: int, size: int) -> Info | str:
    Image = _image()
    raw = Path(path).read_bytes()
    try:
        with Image.open(io.BytesIO(raw)) as im:
            im.verify()  # finds damaged files; it must come straight after opening
        with Image.open(io.BytesIO(raw)) as im:
            fmt = im.format
            w, h = im.size
            orientation = im.getexif().get(0x0112, 1)
    except Exception:  # Pillow raises many kinds for damaged or non-image files
        return "unreadable"
    if orientation in (5, 6, 7, 8):  # the camera was turned: the photo is shown rotated
        w, h = h, w
    return Info(w, h, fmt or "", hashlib.sha256(raw).hexdigest())


def inspect(path: Path) -> Info | str:
    """The photo's Info, or 'unreadable' if Pillow cannot read it."""
    st = path.stat()
    return _inspect(str(path), st.st_mtime_ns, st.st_size)


def _mb(n: int) -> str:
    return f"{n / (1024 * 1024):.1f} MB"


def check(root: Path, item: Loaded) -> list[Problem]:
    """Every problem with providers' photo files: missing, unreadable, too big, wrong kind, unlisted."""
    root = Path(root)
    out: list[Problem] = []
    data = item.data if isinstance(item.data, dict) else {}
    plist = data.get("providers") if isinstance(data.get("providers"), list) else []
    ids = [p.get("id") for p in plist if isinstance(p, dict) and isinstance(p.get("id"), str)]

    def at(path, message, fix):
        line, col = item.locate(path)
        out.append(Problem(item.file, line, col, message, fix))

    for i, p in enumerate(plist):
        if not isinstance(p, dict) or not isinstance(p.get("id"), str):
            continue
        pid = p["id"]
        where = folder_name(pid)
        folder = root / where
        present = sorted(f.name for f in folder.iterdir() if f.is_file() and not f.name.startswith(".")) \
            if folder.is_dir() else []
        photos = p.get("photos") if isinstance(p.get("photos"), list) else []
        listed: dict[str, int] = {}
        for j, ph in enumerate(photos):
            if not isinstance(ph, dict) or not isinstance(ph.get("file"), str) or "/" in ph["file"]:
                continue  # the schema reports these
            name = ph["file"]
            path = ("providers", i, "photos", j, "file")
            if name in listed:
                at(path, f"The photo '{name}' is listed twice for '{pid}' (first on line {item.locate(('providers', i, 'photos', listed[name], 'file'))[0]}).",
                   "Keep one entry for it and delete the other.")
                continue
            listed[name] = j
            alt = ph.get("alt")
            if isinstance(alt, str) and alt.strip().lower() in {name.lower(), Path(name).stem.lower(), "photo", "image",
                                                                 "picture", "img", "pic", "untitled"}:
                at(("providers", i, "photos", j, "alt"),
                   f"The alt text for '{name}' does not say what the photo shows.",
                   "Describe the photo for someone who cannot see it, such as 'A bright hall with beanbags and a pool table'.")
            ext = Path(name).suffix.lower()
            if ext not in EXTENSIONS:
                at(path, f"'{name}' is not a kind of picture file we publish ({ext or 'it has no ending such as .jpg'}).",
                   "Save the photo as a JPEG (.jpg), PNG (.png) or WebP (.webp) file, and write its new name here.")
                continue
            if name not in present:
                at(path, f"The photo '{name}' is not in the folder {where}/.{did_you_mean(name, present)}",
                   f"Put the photo file in {where}/, or correct the name here. Names must match exactly, including capital letters.")
                continue
            file = folder / name
            size = file.stat().st_size
            if size > MAX_BYTES:
                at(path, f"The photo '{name}' is {_mb(size)}; the most we accept is {_mb(MAX_BYTES)}.",
                   "Make it smaller before adding it: about 2000 pixels wide is plenty. Most photo apps can resize or 'export' a smaller copy.")
                continue
            info = inspect(file)
            if isinstance(info, str) or info.format not in FORMATS:
                kind = "" if isinstance(info, str) else f" (it is a {info.format} file)"
                at(path, f"The file '{name}' is not a photo we can read{kind}. It may be damaged, or not really a {EXTENSIONS[ext]} file.",
                   "Open it in a photo app and save it again as JPEG, PNG or WebP.")
                continue
            if info.width > MAX_SIDE or info.height > MAX_SIDE:
                at(path, f"The photo '{name}' is {info.width} × {info.height} pixels; the most we accept is {MAX_SIDE} on each side.",
                   "Make it smaller before adding it: about 2000 pixels wide is plenty.")
        for name in present:
            if name not in listed and Path(name).suffix.lower() not in IGNORED:
                at(("providers", i, "photos") if photos else ("providers", i, "id"),
                   f"The file {where}/{name} is not listed under 'photos:' for '{pid}', so it has no alt text.",
                   f"Add it under 'photos:' with 'file: {name}' and 'alt:' saying what it shows, or delete the file.")
    base = root / PHOTO_ROOT
    for d in sorted(base.iterdir()) if base.is_dir() else []:
        if d.is_dir() and not d.name.startswith(".") and d.name not in ids:
            out.append(Problem(f"{PHOTO_ROOT}/{d.name}", None, None,
                               f"The folder {PHOTO_ROOT}/{d.name}/ is not named after any provider in providers.yaml.{did_you_mean(d.name, ids)}",
                               "Rename the folder to the provider's exact id, or delete it if the provider has gone."))
    return out


# ---------------------------------------------------------------- sizes and names

def widths(info: Info) -> list[int]:
    """The widths we make for a photo: our standard widths below its own, then its own (at most the largest)."""
    top = min(info.width, WIDTHS[-1])
    return [w for w in WIDTHS if w < top] + [top]


def height_for(info: Info, width: int) -> int:
    return max(1, round(info.height * width / info.width))


def _stem(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", Path(name).stem.lower()).strip("-") or "photo"


def out_path(provider_id: str, name: str, info: Info, width: int, ext: str) -> str:
    """Where a resized file goes in the site. The content hash in the name means a
    changed photo gets a new address, so no browser shows a stale copy."""
    return f"{OUT_DIR}/{provider_id}/{_stem(name)}-{info.digest[:10]}-{width}.{ext}"


def source(root: Path, provider_id: str, name: str) -> Path:
    return Path(root) / folder_name(provider_id) / name


def picture(site, provider_id: str, photo, page_path: str, layout: str, eager: bool = False) -> Markup:
    """A <picture> for one photo on the page at `page_path`: WebP and JPEG in several widths."""
    info = inspect(source(site.root, provider_id, photo.file))
    if isinstance(info, str):  # checked before the build; only a file changed mid-build gets here
        raise RuntimeError(f"{photo.file} could not be read")
    lay = LAYOUTS[layout]
    here = url_dir(page_path) or "."
    ws = widths(info)

    def srcset(ext):
        return ", ".join(f"{posixpath.relpath(out_path(provider_id, photo.file, info, w, ext), here)} {w}w" for w in ws)

    default = next((w for w in ws if w >= lay["shown"]), ws[-1])
    fallback = posixpath.relpath(out_path(provider_id, photo.file, info, default, "jpg"), here)
    loading = ' fetchpriority="high"' if eager else ' loading="lazy"'
    sizes = html.escape(lay["sizes"])
    return Markup(
        f'<picture><source type="image/webp" srcset="{html.escape(srcset("webp"))}" sizes="{sizes}">'
        f'<img class="sb-photo sb-photo--{layout}" src="{html.escape(fallback)}" srcset="{html.escape(srcset("jpg"))}" '
        f'sizes="{sizes}" width="{default}" height="{height_for(info, default)}" '
        f'alt="{html.escape(photo.alt, quote=True)}"{loading} decoding="async"></picture>')


def figure(site, provider_id: str, photo, page_path: str, layout: str, eager: bool = False) -> Markup:
    """A photo with its caption, if it has one."""
    caption = f"<figcaption>{html.escape(photo.caption)}</figcaption>" if photo.caption else ""
    return Markup(f'<figure class="sb-figure sb-figure--{layout}">'
                  f'{picture(site, provider_id, photo, page_path, layout, eager)}{caption}</figure>')


# ---------------------------------------------------------------- making the files

def process(raw: bytes, width: int, ext: str) -> bytes:
    """Resize one photo to `width` and encode it: upright, no metadata, fixed settings."""
    from PIL import Image, ImageOps

    with Image.open(io.BytesIO(raw)) as im:
        im = ImageOps.exif_transpose(im)
        if im.mode in ("RGBA", "LA", "PA") or (im.mode == "P" and "transparency" in im.info):
            rgba = im.convert("RGBA")
            im = Image.new("RGB", rgba.size, (255, 255, 255))
            im.paste(rgba, mask=rgba.getchannel("A"))
        else:
            im = im.convert("RGB")
        if width < im.width:
            im = im.resize((width, max(1, round(im.height * width / im.width))), Image.Resampling.LANCZOS)
        buf = io.BytesIO()
        if ext == "webp":
            im.save(buf, "WEBP", quality=QUALITY["webp"], method=4)
        else:
            im.save(buf, "JPEG", quality=QUALITY["jpg"], optimize=True, progressive=True)
    return buf.getvalue()


def _cached(cache: Path | None, raw: bytes, digest: str, width: int, ext: str) -> bytes:
    if cache is None:
        return process(raw, width, ext)
    entry = cache / f"{digest}-{width}-q{QUALITY[ext]}-v{VERSION}.{ext}"
    try:
        return entry.read_bytes()
    except FileNotFoundError:
        pass
    data = process(raw, width, ext)
    cache.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=cache, prefix=".tmp-")
    with os.fdopen(fd, "wb") as f:
        f.write(data)
    os.replace(tmp, entry)  # another build writing the same entry writes the same bytes
    return data


def assets(site, cache: Path | None = None) -> dict[str, bytes]:
    """Every resized photo the site uses (path in the site → bytes)."""
    out: dict[str, bytes] = {}
    for p in site.providers:
        for photo in p.photos:
            path = source(site.root, p.id, photo.file)
            info = inspect(path)
            raw = path.read_bytes()
            for w in widths(info):
                for ext in ("webp", "jpg"):
                    out[out_path(p.id, photo.file, info, w, ext)] = _cached(cache, raw, info.digest, w, ext)
    return out
