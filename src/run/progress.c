/* Progress lines of 'kmembench run' (progress.h). */
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "progress.h"
#include "util.h"

void kmb_fmt_clock(double sec, char *buf, size_t len)
{
	long s = sec > 0 ? (long)(sec + 0.5) : 0;

	if (s >= 3600)
		snprintf(buf, len, "%ld:%02ld:%02ld", s / 3600, s / 60 % 60, s % 60);
	else
		snprintf(buf, len, "%ld:%02ld", s / 60, s % 60);
}

int kmb_term_cols(int fd)
{
	const char *env = getenv("COLUMNS");
	struct winsize ws;
	uint64_t v;

	if (env && !kmb_parse_uint(env, 10000, &v) && v >= 20)
		return (int)v;
	if (ioctl(fd, TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 20)
		return ws.ws_col;
	return 80;
}

void kmb_progress_init(struct kmb_progress *p, FILE *f, bool tty, size_t total)
{
	memset(p, 0, sizeof(*p));
	p->f = f;
	p->tty = tty;
	p->cols = tty ? kmb_term_cols(fileno(f)) : 0;
	p->total = total;
	p->t0 = kmb_now_sec();
	p->last = -1e9;
}

void kmb_progress_step(struct kmb_progress *p)
{
	p->done++;
}

void kmb_progress_clear(struct kmb_progress *p)
{
	if (p->tty && p->shown) {
		fputs("\r\033[K", p->f);
		fflush(p->f);
	}
	p->shown = false;
}

void kmb_progress_case(struct kmb_progress *p, unsigned int rep, unsigned int reps, size_t i,
		       size_t n, const char *id)
{
	double now = kmb_now_sec(), elapsed = now - p->t0;
	char el[32], left[64], line[512];
	int len;

	if (now - p->last < (p->tty ? KMB_PROGRESS_TTY_SEC : KMB_PROGRESS_PLAIN_SEC))
		return;
	p->last = now;
	kmb_fmt_clock(elapsed, el, sizeof(el));
	if (p->done && p->done < p->total) {
		char c[32];

		kmb_fmt_clock(elapsed / (double)p->done * (double)(p->total - p->done), c,
			      sizeof(c));
		snprintf(left, sizeof(left), "about %s left", c);
	} else {
		snprintf(left, sizeof(left), "estimate after the first case");
	}
	len = snprintf(line, sizeof(line), "kmembench: case %zu/%zu, repetition %u/%u, "
		       "elapsed %s, %s", i + 1, n, rep + 1, reps, el, left);
	if (!p->tty) {
		fprintf(p->f, "%s\n", line);
		fflush(p->f);
		return;
	}
	/* On a terminal the case id too, all cut to the width (no wrapping). */
	if (len > 0 && (size_t)len + 3 < sizeof(line))
		snprintf(line + len, sizeof(line) - (size_t)len, ": %s", id);
	if (p->cols > 1 && strlen(line) > (size_t)p->cols - 1)
		line[p->cols - 1] = '\0';
	fprintf(p->f, "\r\033[K%s", line);
	fflush(p->f);
	p->shown = true;
}
