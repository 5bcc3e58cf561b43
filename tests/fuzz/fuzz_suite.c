/*
 * libFuzzer target: any bytes as a suite file. The parser must answer every
 * input with a suite or an error message, never a crash, leak or hang.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "suite.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kmb_err err = { 0 };
	struct kmb_suite s;
	json_error_t jerr;
	json_t *doc = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES, &jerr);

	if (!doc)
		return 0;
	if (kmb_suite_from_json(doc, "fuzz.json", &s, &err) == 0)
		kmb_suite_free(&s);
	else if (!err.msg[0] || !strstr(err.msg, "fuzz.json"))
		__builtin_trap();	/* every error must name the file */
	json_decref(doc);
	return 0;
}
