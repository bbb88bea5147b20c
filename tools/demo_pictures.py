"""Draw the demo providers' 'photos': simple pictures of rooms and activities, made for sbsite.

They are drawings, not photographs, and show no people, so no one's consent is
needed. They are released under CC0 (see content/providers/LICENSE.md).
Run once and commit the files; the build never runs this:

    .venv/bin/python tools/demo_pictures.py
"""
from __future__ import annotations

import math
import random
from pathlib import Path

from PIL import Image, ImageDraw

ROOT = Path(__file__).resolve().parent.parent / "content" / "providers"
W, H = 1200, 800

WALL, FLOOR, WOOD, DARK = (236, 228, 212), (196, 170, 128), (150, 104, 62), (60, 60, 70)


def canvas(wall=WALL, floor=FLOOR, horizon=520):
    im = Image.new("RGB", (W, H), wall)
    d = ImageDraw.Draw(im)
    d.rectangle([0, horizon, W, H], fill=floor)
    d.line([0, horizon, W, horizon], fill=tuple(max(0, c - 40) for c in floor), width=6)
    return im, d


def window(d, x, y, w=220, h=180, sky=(170, 210, 240)):
    d.rectangle([x, y, x + w, y + h], fill=sky, outline=(255, 255, 255), width=12)
    d.line([x + w // 2, y, x + w // 2, y + h], fill=(255, 255, 255), width=8)
    d.line([x, y + h // 2, x + w, y + h // 2], fill=(255, 255, 255), width=8)


def table(d, x, y, w=300, top=WOOD):
    d.rectangle([x, y, x + w, y + 24], fill=top)
    d.rectangle([x + 16, y + 24, x + 34, y + 150], fill=tuple(c - 30 for c in top))
    d.rectangle([x + w - 34, y + 24, x + w - 16, y + 150], fill=tuple(c - 30 for c in top))


def chair(d, x, y, colour=(70, 120, 170)):
    d.rectangle([x, y, x + 70, y + 14], fill=colour)
    d.rectangle([x + 56, y - 90, x + 70, y], fill=colour)
    d.rectangle([x + 4, y + 14, x + 14, y + 90], fill=colour)
    d.rectangle([x + 56, y + 14, x + 66, y + 90], fill=colour)


def beanbag(d, x, y, colour):
    d.ellipse([x, y, x + 170, y + 120], fill=colour)
    d.ellipse([x + 30, y - 30, x + 140, y + 50], fill=tuple(min(255, c + 25) for c in colour))


def door(d, x, y, w=150, h=300, colour=(40, 90, 120)):
    d.rectangle([x, y, x + w, y + h], fill=colour, outline=(255, 255, 255), width=8)
    d.ellipse([x + w - 40, y + h // 2, x + w - 22, y + h // 2 + 18], fill=(230, 200, 60))


def save(im, provider, name, **kw):
    folder = ROOT / provider / "photos"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    if name.endswith(".png"):
        im = im.quantize(colors=48, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
        im.save(path, optimize=True)
    elif name.endswith(".webp"):
        im.save(path, "WEBP", quality=70, method=6)
    else:
        im.save(path, "JPEG", quality=70, optimize=True)
    print(path.relative_to(ROOT.parent.parent), path.stat().st_size)


def youth_club():
    im, d = canvas(wall=(214, 232, 222))
    window(d, 120, 120)
    window(d, 860, 120)
    # pool table
    d.rectangle([380, 470, 820, 590], fill=(30, 110, 60), outline=WOOD, width=22)
    for x in (400, 800):
        d.rectangle([x, 590, x + 24, 700], fill=WOOD)
    for i, c in enumerate([(220, 40, 40), (240, 200, 40), (250, 250, 250), (30, 30, 30)]):
        d.ellipse([480 + i * 70, 510, 510 + i * 70, 540], fill=c)
    beanbag(d, 80, 600, (230, 120, 50))
    beanbag(d, 950, 610, (90, 90, 200))
    d.rectangle([520, 200, 700, 300], fill=(250, 250, 250), outline=DARK, width=6)  # notice board
    for i in range(4):
        d.line([545, 225 + i * 20, 675, 225 + i * 20], fill=(120, 120, 120), width=6)
    save(im, "riverside-inclusive-youth-club", "hall.png")

    im, d = canvas(wall=(240, 236, 220), floor=(170, 170, 170))
    d.rectangle([0, 380, W, 520], fill=(220, 220, 225))  # worktop units
    d.rectangle([0, 360, W, 390], fill=(120, 90, 60))
    for x in range(60, W, 260):
        d.rectangle([x, 400, x + 220, 510], outline=(160, 160, 170), width=6)
    d.rectangle([300, 110, 560, 300], fill=(250, 250, 250), outline=(150, 150, 150), width=6)  # cupboard
    d.ellipse([700, 300, 820, 360], fill=(60, 60, 60))  # pan
    d.rectangle([820, 320, 900, 334], fill=(60, 60, 60))
    d.ellipse([200, 310, 280, 360], fill=(230, 150, 60))  # mixing bowl
    save(im, "riverside-inclusive-youth-club", "kitchen.png")

    im = Image.new("RGB", (W, H), (160, 205, 240))
    d = ImageDraw.Draw(im)
    d.rectangle([0, 640, W, H], fill=(110, 160, 90))
    d.rectangle([150, 220, 1050, 640], fill=(190, 120, 90))  # brick building
    for y in range(240, 640, 40):
        d.line([150, y, 1050, y], fill=(170, 100, 75), width=3)
    d.polygon([(110, 230), (600, 80), (1090, 230)], fill=(80, 80, 90))
    door(d, 525, 400, 150, 240)
    d.rectangle([430, 300, 770, 370], fill=(30, 80, 110))  # sign
    d.rectangle([450, 325, 750, 345], fill=(250, 250, 250))
    window(d, 220, 330, 180, 150)
    window(d, 800, 330, 180, 150)
    d.polygon([(470, 640), (730, 640), (760, 700), (440, 700)], fill=(180, 180, 180))  # ramp
    save(im, "riverside-inclusive-youth-club", "entrance.jpg")


def swim():
    im = Image.new("RGB", (W, H), (225, 238, 245))
    d = ImageDraw.Draw(im)
    window(d, 100, 60, 300, 200)
    window(d, 800, 60, 300, 200)
    d.rectangle([0, 330, W, H], fill=(240, 240, 235))
    d.rectangle([60, 380, 1140, 760], fill=(70, 170, 215))
    for y in range(380, 760, 40):  # ripples
        for x in range(80, 1120, 120):
            d.arc([x, y, x + 60, y + 20], 200, 340, fill=(150, 210, 240), width=4)
    for x in (330, 600, 870):  # lane ropes
        for y in range(390, 750, 30):
            d.ellipse([x - 8, y, x + 8, y + 16], fill=(230, 60, 60) if (y // 30) % 2 else (250, 250, 250))
    d.rectangle([1040, 330, 1060, 420], fill=(190, 190, 190))  # steps rail
    d.arc([1040, 300, 1120, 360], 180, 360, fill=(190, 190, 190), width=14)
    save(im, "fernvale-leisure-centre-quiet-swim", "pool.png")

    im, d = canvas(wall=(230, 236, 240), floor=(190, 200, 205), horizon=560)
    for x in range(80, W - 100, 140):  # lockers
        d.rectangle([x, 120, x + 120, 540], fill=(90, 150, 190), outline=(60, 110, 150), width=6)
        d.rectangle([x + 90, 300, x + 104, 340], fill=(230, 230, 230))
    d.rectangle([100, 600, 1100, 630], fill=WOOD)  # bench
    for x in (160, 600, 1040):
        d.rectangle([x, 630, x + 24, 720], fill=(120, 120, 120))
    save(im, "fernvale-leisure-centre-quiet-swim", "changing-room.png")


def soft_play():
    im, d = canvas(wall=(250, 244, 220), floor=(90, 170, 110))
    colours = [(230, 70, 60), (250, 190, 40), (60, 130, 210), (120, 190, 80), (200, 90, 180)]
    d.rectangle([100, 120, 1100, 140], fill=(60, 130, 210))  # frame
    for x in (100, 1080):
        d.rectangle([x, 120, x + 20, 520], fill=(60, 130, 210))
    d.polygon([(700, 180), (760, 180), (1000, 520), (900, 520)], fill=(250, 190, 40))  # slide
    rnd = random.Random(11)
    for i in range(9):
        x, y = 140 + i * 60, 420 - (i % 3) * 90
        d.rectangle([x, y, x + 100, y + 100], fill=colours[i % 5])
    for _ in range(60):  # ball pit
        x, y = rnd.randint(130, 600), rnd.randint(560, 740)
        d.ellipse([x, y, x + 40, y + 40], fill=colours[rnd.randrange(5)])
    d.rectangle([120, 540, 640, 560], fill=(60, 130, 210))
    save(im, "jungle-tumble-sensory-soft-play", "soft-play.png")

    im = Image.new("RGB", (W, H), (28, 30, 60))
    d = ImageDraw.Draw(im)
    d.rectangle([0, 560, W, H], fill=(50, 50, 90))
    d.rounded_rectangle([520, 120, 620, 640], radius=40, fill=(80, 200, 230))  # bubble tube
    rnd = random.Random(3)
    for _ in range(30):
        x, y = rnd.randint(535, 590), rnd.randint(140, 600)
        d.ellipse([x, y, x + 16, y + 16], outline=(230, 250, 255), width=3)
    for i in range(40):  # fibre optic lights
        a = math.radians(200 + i * 3.5)
        x, y = 900 + 280 * math.cos(a), 640 + 280 * math.sin(a)
        d.line([900, 640, x, y], fill=(120, 80, 200), width=3)
        d.ellipse([x - 8, y - 8, x + 8, y + 8], fill=[(250, 120, 200), (120, 220, 250), (250, 230, 100)][i % 3])
    d.ellipse([80, 560, 400, 720], fill=(200, 120, 220))  # cushion
    save(im, "jungle-tumble-sensory-soft-play", "sensory-room.webp")


def saturday_club():
    im, d = canvas(wall=(245, 232, 214), floor=(150, 190, 210))
    window(d, 120, 110)
    d.rectangle([560, 150, 760, 300], fill=(255, 255, 255), outline=(200, 80, 60), width=8)  # picture board
    d.ellipse([600, 180, 660, 240], fill=(250, 190, 40))
    d.polygon([(680, 280), (720, 200), (750, 280)], fill=(90, 170, 90))
    table(d, 300, 470, 360, top=(240, 200, 120))
    chair(d, 200, 520, (230, 110, 60))
    chair(d, 700, 520, (80, 160, 110))
    d.rectangle([880, 380, 1120, 520], fill=WOOD)  # shelves with toys
    for i, c in enumerate([(230, 70, 60), (60, 130, 210), (250, 190, 40), (120, 190, 80)]):
        d.rectangle([900 + i * 55, 330, 940 + i * 55, 380], fill=c)
    d.ellipse([900, 600, 1000, 700], fill=(60, 130, 210))  # ball
    save(im, "kestrel-vale-saturday-club", "playroom.png")

    im = Image.new("RGB", (W, H), (170, 215, 245))
    d = ImageDraw.Draw(im)
    d.rectangle([0, 450, W, H], fill=(120, 180, 90))
    d.ellipse([950, 60, 1070, 180], fill=(250, 220, 80))
    for x in range(0, W, 60):  # fence
        d.rectangle([x + 10, 360, x + 40, 460], fill=(200, 170, 120))
    d.rectangle([0, 380, W, 395], fill=(200, 170, 120))
    d.rectangle([200, 250, 240, 460], fill=WOOD)  # tree
    d.ellipse([110, 120, 330, 320], fill=(70, 140, 70))
    d.line([600, 300, 600, 560], fill=(90, 90, 90), width=12)  # swing frame
    d.line([900, 300, 900, 560], fill=(90, 90, 90), width=12)
    d.line([590, 300, 910, 300], fill=(90, 90, 90), width=14)
    d.line([700, 300, 700, 470], fill=(60, 60, 60), width=4)
    d.line([780, 300, 780, 470], fill=(60, 60, 60), width=4)
    d.rectangle([690, 470, 790, 490], fill=(230, 70, 60))
    d.rectangle([300, 600, 520, 700], fill=(240, 220, 160), outline=WOOD, width=10)  # sandpit
    save(im, "kestrel-vale-saturday-club", "garden.jpg")


def art_studio():
    im, d = canvas(wall=(250, 250, 246), floor=(180, 150, 120))
    window(d, 900, 90, 240, 200)
    for i, c in enumerate([(230, 90, 80), (80, 150, 220), (250, 200, 60)]):  # pictures on the wall
        d.rectangle([100 + i * 230, 120, 280 + i * 230, 280], fill=(255, 255, 255), outline=(60, 60, 60), width=6)
        d.ellipse([140 + i * 230, 160, 240 + i * 230, 250], fill=c)
    table(d, 150, 470, 700, top=(220, 220, 220))
    for i, c in enumerate([(230, 70, 60), (250, 190, 40), (60, 130, 210), (120, 190, 80), (200, 90, 180)]):
        d.rectangle([220 + i * 110, 420, 280 + i * 110, 470], fill=c, outline=(60, 60, 60), width=3)  # paint pots
    d.polygon([(960, 300), (1100, 300), (1160, 700), (900, 700)], outline=WOOD, width=10)  # easel
    d.rectangle([940, 320, 1120, 520], fill=(255, 255, 255), outline=(60, 60, 60), width=4)
    d.line([960, 480, 1100, 360], fill=(60, 130, 210), width=12)
    save(im, "open-studio-art-for-wellbeing", "studio.png")


def willow_house():
    im, d = canvas(wall=(222, 230, 244), floor=(170, 140, 110))
    window(d, 820, 110, 240, 200, sky=(40, 50, 100))
    d.ellipse([900, 150, 950, 200], fill=(250, 240, 190))  # moon
    d.rectangle([120, 430, 700, 600], fill=(250, 250, 250))  # bed
    d.rectangle([120, 470, 700, 600], fill=(120, 160, 210))
    d.rectangle([100, 330, 130, 680], fill=WOOD)
    d.rectangle([690, 420, 720, 680], fill=WOOD)
    d.rounded_rectangle([150, 400, 330, 460], radius=20, fill=(255, 255, 255), outline=(200, 200, 200), width=3)
    d.rectangle([760, 500, 900, 640], fill=WOOD)  # bedside table
    d.polygon([(790, 420), (870, 420), (890, 470), (770, 470)], fill=(250, 210, 120))  # lamp
    d.rectangle([825, 470, 835, 500], fill=(90, 90, 90))
    save(im, "willow-house-residential-short-breaks", "bedroom.png")

    im, d = canvas(wall=(240, 232, 222), floor=(140, 110, 90))
    window(d, 480, 100, 260, 200)
    d.rounded_rectangle([80, 430, 520, 620], radius=40, fill=(110, 150, 120))  # sofa
    d.rounded_rectangle([60, 380, 140, 620], radius=30, fill=(90, 130, 100))
    d.rounded_rectangle([460, 380, 540, 620], radius=30, fill=(90, 130, 100))
    d.rectangle([800, 300, 1100, 480], fill=(30, 30, 30), outline=(80, 80, 80), width=10)  # television
    d.rectangle([860, 480, 1040, 620], fill=WOOD)
    d.ellipse([600, 620, 760, 700], fill=(200, 90, 80))  # rug
    save(im, "willow-house-residential-short-breaks", "lounge.png")


if __name__ == "__main__":
    youth_club()
    swim()
    soft_play()
    saturday_club()
    art_studio()
    willow_house()
