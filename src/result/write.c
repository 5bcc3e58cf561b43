#include "result.h"

#include "clock.h"
#include "kclient.h"
#include "sysinfo.h"

json_t *kmb_tool_json(void)
{
	return json_pack("{s:s, s:s, s:s}", "name", "kmembench", "version", KMB_VERSION,
			 "commit", KMB_GIT_COMMIT);
}

json_t *kmb_result_new(const struct kmb_info *info)
{
	json_t *doc = json_object();

	json_object_set_new(doc, "schema", json_string(KMB_RESULT_SCHEMA));
	json_object_set_new(doc, "tool", kmb_tool_json());
	json_object_set_new(doc, "clock", json_string(kmb_clock_def(kmb_clock_current())->name));
	json_object_set_new(doc, "system", kmb_sysinfo_json(info));
	json_object_set_new(doc, "limits", info ? kmb_info_limits_json(info) : json_null());
	json_object_set_new(doc, "module", info ? kmb_info_module_json(info) : json_null());
	json_object_set_new(doc, "results", json_array());
	return doc;
}
