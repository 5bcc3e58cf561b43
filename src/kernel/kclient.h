/* The runner's side of /dev/kmembench: open, check the ABI, INFO, RUN. */
#ifndef KMB_KCLIENT_H
#define KMB_KCLIENT_H

#include <jansson.h>
#include <stdint.h>

#include "kmembench.h"
#include "util.h"

struct kmb_kclient {
	int fd;
	struct kmb_info info;
};

/* The device path: KMB_DEVICE from the environment, else KMB_DEVICE_PATH. */
const char *kmb_device_path(void);

/*
 * Opens the device, checks the ABI version and reads INFO. Errors: no
 * device (module not loaded) or no permission -> KMB_EXIT_ENV; a module of
 * another ABI version -> KMB_EXIT_USAGE naming both versions.
 */
int kmb_kclient_open(struct kmb_kclient *kc, struct kmb_err *err);
void kmb_kclient_close(struct kmb_kclient *kc);

/* The ABI check on its own, for tests: 0 or KMB_EXIT_USAGE with a message. */
int kmb_abi_check(uint32_t module_abi, struct kmb_err *err);

/* Re-reads INFO (live counters, free memory). */
int kmb_kclient_info(struct kmb_kclient *kc, struct kmb_err *err);

/* KMB_IOC_RUN; errors are explained in terms of the case. */
int kmb_kclient_run(struct kmb_kclient *kc, struct kmb_run *run, struct kmb_err *err);

/* INFO as the result document's "limits" and "module" objects. */
json_t *kmb_info_limits_json(const struct kmb_info *info);
json_t *kmb_info_module_json(const struct kmb_info *info);
/* The KMB_CFG_* bits as {"SLUB": true, ...}. */
json_t *kmb_info_config_json(uint64_t config);

#endif
