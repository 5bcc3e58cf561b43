/* Whole-buffer pipe I/O for workloads that measure in a child process. */
#ifndef KMB_WL_PIPE_H
#define KMB_WL_PIPE_H

#include <sys/types.h>

/* Writes all of @buf, retrying on EINTR; -1 on error. */
int kmb_write_all(int fd, const void *buf, size_t len);
/* Reads up to @len bytes, stopping early only at end of file; -1 on error. */
ssize_t kmb_read_all(int fd, void *buf, size_t len);

#endif
