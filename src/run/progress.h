/*
 * Progress of a run on stderr: case k of N, repetition, elapsed time and
 * about how long is left. On a terminal one line rewritten in place (at
 * most a few times a second, cut to the terminal's width); otherwise a
 * plain line at the first case and then every KMB_PROGRESS_PLAIN_SEC.
 */
#ifndef KMB_PROGRESS_H
#define KMB_PROGRESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#define KMB_PROGRESS_PLAIN_SEC	15.0
#define KMB_PROGRESS_TTY_SEC	0.25

struct kmb_progress {
	FILE *f;
	bool tty;
	int cols;
	size_t done, total;		/* case runs finished, and in all */
	double t0, last;		/* start, last line written */
	bool shown;			/* a TTY line is on screen */
};

/* @total: case runs (cases x repetitions). @tty: rewrite one line. */
void kmb_progress_init(struct kmb_progress *p, FILE *f, bool tty, size_t total);
/* Case @i of @n (0-based) of repetition @rep of @reps starts. */
void kmb_progress_case(struct kmb_progress *p, unsigned int rep, unsigned int reps, size_t i,
		       size_t n, const char *id);
/* A case run finished (counted for the estimate). */
void kmb_progress_step(struct kmb_progress *p);
/* Before any other line on @f: clears the TTY line. */
void kmb_progress_clear(struct kmb_progress *p);

/* "1:05" or "1:02:05" from seconds. */
void kmb_fmt_clock(double sec, char *buf, size_t len);
/* The terminal width from COLUMNS or the terminal of @fd, else 80. */
int kmb_term_cols(int fd);

#endif
