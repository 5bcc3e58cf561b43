/*
 * libFuzzer target: any bytes as a result document given to compare. The
 * reader must answer with a document or an error naming the file; a
 * document it accepts must then compare with itself without trouble.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "compare.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kmb_err err = { 0 };
	struct kmb_cmp_doc doc;
	json_error_t jerr;
	json_t *root = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES, &jerr);

	if (!root)
		return 0;
	if (kmb_cmp_doc_from_json(root, "fuzz.json", &doc, &err) == 0) {
		struct kmb_comparison c;
		struct kmb_cmp_opts o;
		FILE *sink = fopen("/dev/null", "w");

		kmb_cmp_opts_default(&o);
		o.resamples = 50;	/* the bootstrap's cost is not what is fuzzed */
		memset(&c, 0, sizeof(c));
		if (kmb_compare(&doc, &doc, &o, &c, &err) == 0 && sink) {
			kmb_cmp_report_text(sink, &c, 1, &o, false);
			kmb_cmp_report_markdown(sink, &c, 1, &o);
			json_decref(kmb_cmp_report_json(&c, 1, &o));
		}
		if (sink)
			fclose(sink);
		kmb_comparison_free(&c);
	} else if (!strstr(err.msg, "fuzz.json")) {
		__builtin_trap();	/* every error must name the file */
	}
	kmb_cmp_doc_free(&doc);
	json_decref(root);
	return 0;
}
