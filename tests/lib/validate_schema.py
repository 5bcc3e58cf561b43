# Called by tests/lib/common.sh (arguments as there); an exception fails the test.
import json, sys, jsonschema
schema = json.load(open(sys.argv[1]))
jsonschema.Draft202012Validator(schema).validate(json.load(open(sys.argv[2])))
