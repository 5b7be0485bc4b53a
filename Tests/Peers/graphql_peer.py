"""GraphQL peer for the lab's tests: graphql-core's verdict on each document.

Usage: graphql_peer.py CASES.json  -> JSON on stdout: one {"ok", "message", "line", "column"} per document.
"""
import json, sys
import graphql

verdicts = []
for text in json.load(open(sys.argv[1]))["documents"]:
    try:
        graphql.parse(text)
        verdicts.append({"ok": True})
    except graphql.GraphQLError as error:
        location = error.locations[0] if error.locations else None
        verdicts.append({"ok": False, "message": error.message,
                         "line": location.line if location else 0, "column": location.column if location else 0})
    except RecursionError:
        verdicts.append({"ok": False, "message": "nesting too deep", "line": 0, "column": 0})
print(json.dumps({"verdicts": verdicts, "version": graphql.__version__}))
