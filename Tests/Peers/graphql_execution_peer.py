"""GraphQL execution peer: graphql-core validates each document against the lab's mock schema
(given as SDL) and, when valid, executes it with resolvers that return placeholder values, so
the response's shape (keys, nesting, list lengths, nulls) can be compared with the lab's.

Usage: graphql_execution_peer.py CASES.json  -> JSON on stdout.
"""
import json, sys
from graphql import build_schema, parse, validate, execute_sync, GraphQLError
from graphql.type import is_non_null_type, is_list_type, is_object_type, is_enum_type

cases = json.load(open(sys.argv[1]))
schema = build_schema(cases["sdl"])
sizes = cases["sizes"]
SCALARS = {"Int": 1, "Float": 1.5, "String": "s", "Boolean": True, "ID": "i"}


def make(type_, key):
    if is_non_null_type(type_):
        type_ = type_.of_type
    if is_list_type(type_):
        return [make(type_.of_type, key) for _ in range(sizes.get(key, 3))]
    if is_object_type(type_):
        return {}
    if is_enum_type(type_):
        return next(iter(type_.values.values())).value
    return SCALARS[type_.name]


def resolve(source, info, **args):
    return make(info.return_type, f"{info.parent_type.name}.{info.field_name}")


results = []
for case in cases["documents"]:
    try:
        document = parse(case["query"])
    except GraphQLError as error:
        results.append({"errors": [error.message]})
        continue
    errors = validate(schema, document)
    if errors:
        results.append({"errors": [e.message for e in errors]})
        continue
    result = execute_sync(schema, document, root_value={}, variable_values=case.get("variables"),
                          operation_name=case.get("operation"), field_resolver=resolve)
    results.append({"errors": [e.message for e in result.errors or []], "data": result.data})
print(json.dumps(results))
