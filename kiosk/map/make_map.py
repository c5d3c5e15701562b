#!/usr/bin/env python3
"""make_map.py: the outlines behind the kiosk's map of Lithuania (screens/map.c).

Two steps, run by hand when the outlines change (nothing runs this at build or run time):

  python3 kiosk/map/make_map.py import LTU.geojson
      Reads the 60 municipalities of OpenStreetMap's Lithuania (the GeoJSON of
      github.com/leakyMirror/map-of-lithuania, file GeoJSON/LTU.geojson), gives each its
      ISO 3166-2:LT code and county, simplifies the outlines (Douglas-Peucker, SIMPLIFY
      degrees), finds a label point for each county, and writes kiosk/map/lithuania.json.

  python3 kiosk/map/make_map.py c
      Writes src/lt_map_data.c from kiosk/map/lithuania.json.

Only the Python standard library is used.
"""
import json
import math
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
DATA = os.path.join(HERE, "lithuania.json")
OUT_C = os.path.join(ROOT, "src", "lt_map_data.c")
SIMPLIFY = 0.004        # degrees (about 300 m): a terminal cell is 5 km or more
COS_LAT = math.cos(math.radians(55.2))  # x scale of the map's plane at Lithuania's middle

# OSM's names (genitive, "sav." for savivaldybė) to ISO 3166-2:LT codes, as src/regions.c.
CODES = {
    "Akmenės r.": "LT-01", "Alytaus m.": "LT-02", "Alytaus r.": "LT-03",
    "Anykščių r.": "LT-04", "Birštono": "LT-05", "Biržų r.": "LT-06",
    "Druskininkų": "LT-07", "Elektrėnų": "LT-08", "Ignalinos r.": "LT-09",
    "Jonavos r.": "LT-10", "Joniškio r.": "LT-11", "Jurbarko r.": "LT-12",
    "Kaišiadorių r.": "LT-13", "Kalvarijos": "LT-14", "Kauno m.": "LT-15",
    "Kauno r.": "LT-16", "Kazlų Rūdos": "LT-17", "Kėdainių r.": "LT-18",
    "Kelmės r.": "LT-19", "Klaipėdos m.": "LT-20", "Klaipėdos r.": "LT-21",
    "Kretingos r.": "LT-22", "Kupiškio r.": "LT-23", "Lazdijų r.": "LT-24",
    "Marijampolės": "LT-25", "Mažeikių r.": "LT-26", "Molėtų r.": "LT-27",
    "Neringos": "LT-28", "Pagėgių": "LT-29", "Pakruojo r.": "LT-30",
    "Palangos m.": "LT-31", "Panevėžio m.": "LT-32", "Panevėžio r.": "LT-33",
    "Pasvalio r.": "LT-34", "Plungės r.": "LT-35", "Prienų r.": "LT-36",
    "Radviliškio r.": "LT-37", "Raseinių r.": "LT-38", "Rietavo r.": "LT-39",
    "Rokiškio r.": "LT-40", "Šakių r.": "LT-41", "Šalčininkų r.": "LT-42",
    "Šiaulių m.": "LT-43", "Šiaulių r.": "LT-44", "Šilalės r.": "LT-45",
    "Šilutės r.": "LT-46", "Širvintų r.": "LT-47", "Skuodo r.": "LT-48",
    "Švenčionių r.": "LT-49", "Tauragės r.": "LT-50", "Telšių r.": "LT-51",
    "Trakų r.": "LT-52", "Ukmergės r.": "LT-53", "Utenos r.": "LT-54",
    "Varėnos r.": "LT-55", "Vilkaviškio r.": "LT-56", "Vilniaus m.": "LT-57",
    "Vilniaus r.": "LT-58", "Visagino m.": "LT-59", "Zarasų r.": "LT-60",
}

# The county of each municipality (as src/regions.c), by the code's number.
COUNTY_OF = (
    "SA AL AL UT KU PN AL VL UT KU SA TA KU MR KU KU MR KU SA KL KL KL PN AL MR TE UT KL "
    "TA SA KL PN PN PN TE KU SA KU TE PN MR VL SA SA TA KL VL KL VL TA TE VL VL UT AL MR "
    "VL VL UT UT").split()
COUNTIES = ["AL", "KL", "KU", "MR", "PN", "SA", "TA", "TE", "UT", "VL"]  # regions.h order


def simplify(pts, tol):
    """Douglas-Peucker on a ring (first == last), in the map's plane."""
    if len(pts) < 5:
        return pts
    keep = [False] * len(pts)
    keep[0] = keep[-1] = True
    stack = [(0, len(pts) - 1)]
    # A closed ring: split at the point farthest from the first so both halves simplify.
    far = max(range(len(pts)), key=lambda i: dist2(pts[i], pts[0]))
    keep[far] = True
    stack = [(0, far), (far, len(pts) - 1)]
    while stack:
        a, b = stack.pop()
        best, bi = 0.0, -1
        for i in range(a + 1, b):
            d = seg_dist(pts[i], pts[a], pts[b])
            if d > best:
                best, bi = d, i
        if bi >= 0 and best > tol:
            keep[bi] = True
            stack += [(a, bi), (bi, b)]
    return [p for p, k in zip(pts, keep) if k]


def plane(p):
    return (p[0] * COS_LAT, p[1])


def dist2(p, q):
    (x1, y1), (x2, y2) = plane(p), plane(q)
    return (x1 - x2) ** 2 + (y1 - y2) ** 2


def seg_dist(p, a, b):
    (px, py), (ax, ay), (bx, by) = plane(p), plane(a), plane(b)
    dx, dy = bx - ax, by - ay
    if dx == 0 and dy == 0:
        return math.hypot(px - ax, py - ay)
    t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)))
    return math.hypot(px - ax - t * dx, py - ay - t * dy)


def inside(rings, x, y):
    """Even-odd rule over all rings of one municipality (holes included)."""
    c = False
    for r in rings:
        for (x1, y1), (x2, y2) in zip(r, r[1:]):
            if (y1 > y) != (y2 > y) and x < (x2 - x1) * (y - y1) / (y2 - y1) + x1:
                c = not c
    return c


def label_points(munis):
    """For each county the point of a 0.025 degree grid farthest from anything not in the
    county (a pole of inaccessibility, measured in the map's plane)."""
    step = 0.025
    grid = {}
    for m in munis:
        xs = [p[0] for r in m["rings"] for p in r]
        ys = [p[1] for r in m["rings"] for p in r]
        m["bbox"] = (min(xs), min(ys), max(xs), max(ys))
    x0, y0, x1, y1 = 20.8, 53.8, 27.0, 56.5
    nx, ny = int((x1 - x0) / step), int((y1 - y0) / step)
    for j in range(ny):
        for i in range(nx):
            x, y = x0 + (i + 0.5) * step, y0 + (j + 0.5) * step
            for m in munis:
                b = m["bbox"]
                if b[0] <= x <= b[2] and b[1] <= y <= b[3] and inside(m["rings"], x, y):
                    grid[(i, j)] = m["county"]
                    break
    out = {}
    for c in COUNTIES:
        cells = [k for k, v in grid.items() if v == c]
        others = [k for k in ((i, j) for i in range(-1, nx + 1) for j in range(-1, ny + 1))
                  if grid.get(k) != c]
        best, where = -1.0, None
        for (i, j) in cells:
            d = min(((i - a) * COS_LAT) ** 2 + (j - b) ** 2 for (a, b) in others
                    if abs(i - a) < 40 and abs(j - b) < 40)
            if d > best:
                best, where = d, (i, j)
        out[c] = [round(x0 + (where[0] + 0.5) * step, 3), round(y0 + (where[1] + 0.5) * step, 3)]
    return out


def do_import(path):
    src = json.load(open(path, encoding="utf-8"))
    munis = []
    for f in src["features"]:
        name = f["properties"]["name"]
        key = name[:-len(" sav.")] if name.endswith(" sav.") else name
        code = CODES[key]
        g = f["geometry"]
        polys = g["coordinates"] if g["type"] == "MultiPolygon" else [g["coordinates"]]
        rings = []
        for p in polys:
            for r in p:
                s = simplify([tuple(q) for q in r], SIMPLIFY)
                if len(s) >= 4:
                    rings.append([[round(x, 3), round(y, 3)] for x, y in s])
        munis.append({"code": code, "county": COUNTY_OF[int(code[3:]) - 1], "rings": rings})
    munis.sort(key=lambda m: m["code"])
    assert len(munis) == 60
    labels = label_points(munis)
    for m in munis:
        m.pop("bbox", None)
    out = {
        "source": "OpenStreetMap (admin_level 5 boundaries of Lithuania, 2014), as "
                  "GeoJSON/LTU.geojson of github.com/leakyMirror/map-of-lithuania",
        "licence": "Open Database License (ODbL) 1.0; (c) OpenStreetMap contributors",
        "simplified": "Douglas-Peucker, %g degrees, coordinates rounded to 0.001 degrees"
                      % SIMPLIFY,
        "labels": labels,
        "municipalities": munis,
    }
    with open(DATA, "w", encoding="utf-8") as fp:
        json.dump(out, fp, ensure_ascii=False, separators=(",", ":"))
        fp.write("\n")
    print("%s: %d points" % (DATA, sum(len(r) for m in munis for r in m["rings"])))


def do_c():
    d = json.load(open(DATA, encoding="utf-8"))
    lines = [
        "/* Generated by kiosk/map/make_map.py from kiosk/map/lithuania.json: do not edit.",
        " * Source: OpenStreetMap's municipalities of Lithuania (admin_level 5, 2014), from",
        " * GeoJSON/LTU.geojson of github.com/leakyMirror/map-of-lithuania; see kiosk/map/.",
        " * Licence: " + d["licence"] + ". */",
        '#include "lt_map.h"',
        "",
        "const struct lt_map_ring lt_map_rings[] = {",
    ]
    pts, at = [], 0
    for i, m in enumerate(d["municipalities"]):
        for r in m["rings"]:
            lines.append("\t{%d, %d, %d},\t/* %s */" % (i, at, len(r), m["code"]))
            pts += r
            at += len(r)
    lines.append("};")
    lines.append("const int lt_map_nrings = (int)(sizeof lt_map_rings / sizeof lt_map_rings[0]);")
    lines.append("")
    lines.append("/* Longitude, latitude in thousandths of a degree. */")
    lines.append("const int lt_map_points[][2] = {")
    row = "\t"
    for x, y in pts:
        cell = "{%d, %d}, " % (round(x * 1000), round(y * 1000))
        if len(row) + len(cell) > 92:
            lines.append(row.rstrip())
            row = "\t"
        row += cell
    lines.append(row.rstrip())
    lines.append("};")
    lines.append("")
    lines.append("/* Where each county's label goes (regions.h order), as the points. */")
    lines.append("const int lt_map_labels[][2] = {")
    for c in COUNTIES:
        x, y = d["labels"][c]
        lines.append("\t{%d, %d},\t/* LT-%s */" % (round(x * 1000), round(y * 1000), c))
    lines.append("};")
    with open(OUT_C, "w", encoding="utf-8") as fp:
        fp.write("\n".join(lines) + "\n")
    print("%s: %d rings, %d points" % (OUT_C, sum(len(m["rings"]) for m in d["municipalities"]),
                                        len(pts)))


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "import":
        do_import(sys.argv[2])
    elif len(sys.argv) == 2 and sys.argv[1] == "c":
        do_c()
    else:
        sys.exit(__doc__)
