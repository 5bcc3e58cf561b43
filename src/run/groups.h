/*
 * The case groups a suite can hold, one row each in kmb_groups[]
 * (groups.c): "kernel" (module cases, kernel/cases.c) and "user" (workloads).
 */
#ifndef KMB_GROUPS_H
#define KMB_GROUPS_H

#include "case.h"

extern const struct kmb_group_ops kmb_kernel_group;
extern const struct kmb_group_ops kmb_user_group;

const struct kmb_group_ops *kmb_group_by_name(const char *name);

#endif
