/* lt_map: Lithuania's counties drawn in a grid of terminal cells (screens/map.c). The
 * outlines are the 60 municipalities' (src/lt_map_data.c, made by kiosk/map/make_map.py
 * from OpenStreetMap data), rasterised here for any grid size: which county covers each
 * half of each cell, where each county's label goes, and which county lies next in a
 * direction. No curses. */
#ifndef VITRINA_LT_MAP_H
#define VITRINA_LT_MAP_H

#include "regions.h"

/* The generated data: rings of municipality outlines (municipalities[] order), their
 * points as longitude and latitude in thousandths of a degree, and a label point per
 * county (counties[] order). */
struct lt_map_ring {
	short muni;             /* index in municipalities[] */
	int start, n;           /* its points in lt_map_points */
};
extern const struct lt_map_ring lt_map_rings[];
extern const int lt_map_nrings;
extern const int lt_map_points[][2];
extern const int lt_map_labels[][2];

/* A map fitted into a grid of rows x cols cells (a cell twice as high as it is wide),
 * centred. Each cell has two samples, its upper and its lower half. */
struct lt_map {
	int rows, cols;
	signed char *half;      /* [2 * (row * cols + col) + 0 upper, 1 lower]: a county
				 * index (counties[] order), or -1 outside Lithuania */
	int label_y[COUNTY_COUNT], label_x[COUNTY_COUNT];       /* a cell inside each */
};

/* Rasterise the map into rows x cols (each at least 1). Returns 0, or -1 for a grid too
 * small to show every county (then m is empty but may be freed). */
int lt_map_make(struct lt_map *m, int rows, int cols);
void lt_map_free(struct lt_map *m);
/* The county (counties[] index) covering cell (y, x): its upper half's, else its lower
 * half's; -1 outside the map or Lithuania. */
int lt_map_county_at(const struct lt_map *m, int y, int x);
/* The county of each half of cell (y, x), -1 for none. */
void lt_map_halves(const struct lt_map *m, int y, int x, int *upper, int *lower);
/* The index in counties[] of a county code ("LT-KU"), or -1. */
int lt_map_county_index(const char *code);
/* The county to go to from county c for an arrow (dy, dx: -1, 0 or 1; up is dy -1): the
 * bordering county that lies most nearly that way, else the nearest county that way;
 * -1 if there is none. */
int lt_map_step(int c, int dy, int dx);

#endif
