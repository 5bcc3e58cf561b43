#include "groups.h"

#include <string.h>

static const struct kmb_group_ops *const kmb_groups[] = {
	&kmb_kernel_group,
	&kmb_user_group,
};

const struct kmb_group_ops *kmb_group_by_name(const char *name)
{
	for (size_t i = 0; i < sizeof(kmb_groups) / sizeof(kmb_groups[0]); i++)
		if (strcmp(kmb_groups[i]->group, name) == 0)
			return kmb_groups[i];
	return NULL;
}
