#include "lt_map.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "near.h"
#include "util.h"

/* The map's plane: longitude times the cosine of Lithuania's middle latitude, so that a
 * unit is as long across as it is up and down. */
#define COS_LAT 0.5707
#define MAX_RINGS 128

struct box {
	int x0, y0, x1, y1;     /* thousandths of a degree */
};

static struct box ring_box[MAX_RINGS];
static struct box all_box;
static int boxes_made;

static void make_boxes(void)
{
	int r, i;

	if (boxes_made)
		return;
	all_box = (struct box){99999, 99999, -99999, -99999};
	for (r = 0; r < lt_map_nrings && r < MAX_RINGS; r++) {
		struct box *b = &ring_box[r];

		*b = (struct box){99999, 99999, -99999, -99999};
		for (i = 0; i < lt_map_rings[r].n; i++) {
			const int *p = lt_map_points[lt_map_rings[r].start + i];

			b->x0 = p[0] < b->x0 ? p[0] : b->x0;
			b->x1 = p[0] > b->x1 ? p[0] : b->x1;
			b->y0 = p[1] < b->y0 ? p[1] : b->y0;
			b->y1 = p[1] > b->y1 ? p[1] : b->y1;
		}
		all_box.x0 = b->x0 < all_box.x0 ? b->x0 : all_box.x0;
		all_box.x1 = b->x1 > all_box.x1 ? b->x1 : all_box.x1;
		all_box.y0 = b->y0 < all_box.y0 ? b->y0 : all_box.y0;
		all_box.y1 = b->y1 > all_box.y1 ? b->y1 : all_box.y1;
	}
	boxes_made = 1;
}

/* Whether (x, y) crosses ring r's outline an odd number of times going right. */
static int ring_odd(int r, double x, double y)
{
	const int (*p)[2] = lt_map_points + lt_map_rings[r].start;
	int i, n = lt_map_rings[r].n, odd = 0;

	for (i = 0; i + 1 < n; i++) {
		double x1 = p[i][0], y1 = p[i][1], x2 = p[i + 1][0], y2 = p[i + 1][1];

		if ((y1 > y) != (y2 > y) && x < (x2 - x1) * (y - y1) / (y2 - y1) + x1)
			odd = !odd;
	}
	return odd;
}

/* The county at longitude x, latitude y (thousandths of a degree), or -1. A
 * municipality's rings are together, its holes among them (the even-odd rule). */
static int county_at_point(double x, double y)
{
	int r = 0;

	while (r < lt_map_nrings && r < MAX_RINGS) {
		int muni = lt_map_rings[r].muni, odd = 0;

		for (; r < lt_map_nrings && r < MAX_RINGS && lt_map_rings[r].muni == muni; r++) {
			const struct box *b = &ring_box[r];

			if (x >= b->x0 && x <= b->x1 && y >= b->y0 && y <= b->y1 && ring_odd(r, x, y))
				odd = !odd;
		}
		if (odd && muni >= 0 && muni < MUNICIPALITY_COUNT)
			return lt_map_county_index(municipalities[muni].county);
	}
	return -1;
}

int lt_map_county_index(const char *code)
{
	int i;

	for (i = 0; code != NULL && i < COUNTY_COUNT; i++) {
		if (strcmp(counties[i].code, code) == 0)
			return i;
	}
	return -1;
}

/* The scale (cells per thousandth of a degree of the plane across) and the offsets that
 * fit and centre the map in rows x cols. */
struct fit {
	double s, offx, offy;
};

static struct fit fit_grid(int rows, int cols)
{
	double w = (all_box.x1 - all_box.x0) * COS_LAT, h = all_box.y1 - all_box.y0;
	struct fit f;

	f.s = cols / w;
	if (2.0 * rows / h < f.s)
		f.s = 2.0 * rows / h;
	f.offx = (cols - w * f.s) / 2;
	f.offy = (rows - h * f.s / 2) / 2;
	return f;
}

/* The cell (row y, column x, fractional) of a point, and back. */
static void to_cell(const struct fit *f, double lon, double lat, double *y, double *x)
{
	*x = f->offx + (lon - all_box.x0) * COS_LAT * f->s;
	*y = f->offy + (all_box.y1 - lat) * f->s / 2;
}

static void to_point(const struct fit *f, double y, double x, double *lon, double *lat)
{
	*lon = all_box.x0 + (x - f->offx) / (COS_LAT * f->s);
	*lat = all_box.y1 - (y - f->offy) * 2 / f->s;
}

int lt_map_county_at(const struct lt_map *m, int y, int x)
{
	int up, low;

	lt_map_halves(m, y, x, &up, &low);
	return up >= 0 ? up : low;
}

void lt_map_halves(const struct lt_map *m, int y, int x, int *upper, int *lower)
{
	*upper = *lower = -1;
	if (m->half == NULL || y < 0 || x < 0 || y >= m->rows || x >= m->cols)
		return;
	*upper = m->half[2 * (y * m->cols + x)];
	*lower = m->half[2 * (y * m->cols + x) + 1];
}

/* Put county c's label on a cell of its own: the label point's cell, else the nearest
 * cell the county covers. */
static void place_label(struct lt_map *m, const struct fit *f, int c)
{
	double fy, fx, best = 1e18;
	int y, x;

	to_cell(f, lt_map_labels[c][0], lt_map_labels[c][1], &fy, &fx);
	m->label_y[c] = (int)fy;
	m->label_x[c] = (int)fx;
	if (lt_map_county_at(m, m->label_y[c], m->label_x[c]) == c)
		return;
	for (y = 0; y < m->rows; y++) {
		for (x = 0; x < m->cols; x++) {
			double d = (y + 0.5 - fy) * (y + 0.5 - fy) * 4 + (x + 0.5 - fx) * (x + 0.5 - fx);

			if (d < best && lt_map_county_at(m, y, x) == c) {
				best = d;
				m->label_y[c] = y;
				m->label_x[c] = x;
			}
		}
	}
}

int lt_map_make(struct lt_map *m, int rows, int cols)
{
	struct fit f;
	int y, x, h, c, seen[COUNTY_COUNT] = {0};

	memset(m, 0, sizeof *m);
	if (rows < 1 || cols < 1 || rows > 2000 || cols > 2000)
		return -1;
	make_boxes();
	f = fit_grid(rows, cols);
	m->rows = rows;
	m->cols = cols;
	m->half = xmalloc((size_t)rows * (size_t)cols * 2);
	for (y = 0; y < rows; y++) {
		for (x = 0; x < cols; x++) {
			for (h = 0; h < 2; h++) {
				double lon, lat;

				to_point(&f, y + 0.25 + 0.5 * h, x + 0.5, &lon, &lat);
				c = county_at_point(lon, lat);
				m->half[2 * (y * cols + x) + h] = (signed char)c;
				if (c >= 0)
					seen[c] = 1;
			}
		}
	}
	for (c = 0; c < COUNTY_COUNT; c++) {
		if (!seen[c]) {
			lt_map_free(m);
			return -1;
		}
		place_label(m, &f, c);
	}
	return 0;
}

void lt_map_free(struct lt_map *m)
{
	free(m->half);
	memset(m, 0, sizeof *m);
}

/* How well going from county a to b matches the direction (dy, dx): the distance between
 * their label points, more the further off the direction; a negative score when b does
 * not lie that way at all (within about 70 degrees). */
static double step_score(int a, int b, int dy, int dx)
{
	double vx = (lt_map_labels[b][0] - lt_map_labels[a][0]) * COS_LAT;
	double vy = lt_map_labels[b][1] - lt_map_labels[a][1];
	double d = sqrt(vx * vx + vy * vy), cosine;

	if (d <= 0)
		return -1;
	/* Screen rows go down, latitude up. */
	cosine = (vx * dx - vy * dy) / (d * sqrt((double)(dx * dx + dy * dy)));
	if (cosine < 0.34)
		return -1;
	return d * (1 + 2 * (1 - cosine));
}

int lt_map_step(int c, int dy, int dx)
{
	int pass, b, best = -1;
	double best_score = 0;

	if (c < 0 || c >= COUNTY_COUNT || (dy == 0 && dx == 0))
		return -1;
	for (pass = 0; pass < 2 && best < 0; pass++) {
		for (b = 0; b < COUNTY_COUNT; b++) {
			double s;

			if (b == c || (pass == 0 && !near_adjacent(counties[c].code, counties[b].code)))
				continue;
			s = step_score(c, b, dy, dx);
			if (s >= 0 && (best < 0 || s < best_score)) {
				best = b;
				best_score = s;
			}
		}
	}
	return best;
}
