"""gRPC peer for the lab's tests: decodes the lab's frames with sonora (gRPC-Web framing),
its protobuf payloads with google.protobuf, and encodes frames of its own for the lab to read.

Usage: grpc_peer.py CASES.json  -> JSON on stdout.
"""
import io, json, sys
import grpc
from sonora import protocol
from google.protobuf import empty_pb2
from google.protobuf.unknown_fields import UnknownFieldSet

cases = json.load(open(sys.argv[1]))
out = {"codes": [[c.value[0], c.name] for c in grpc.StatusCode], "bodies": [], "encoded": [], "protobuf": [], "timeouts": []}

for body_hex in cases["bodies"]:
    frames = []
    for trailers, compressed, data in protocol.unwrap_message_stream(io.BytesIO(bytes.fromhex(body_hex))):
        if trailers:
            fields = protocol.unpack_trailers(data)
            frames.append({"trailers": [[k, v] for k, v in fields],
                           "message": dict(fields).get("grpc-message") and protocol.unquote(dict(fields)["grpc-message"])})
        else:
            frames.append({"compressed": compressed, "hex": data.hex()})
    out["bodies"].append(frames)

for item in cases["encode"]:
    body = b"".join(protocol.wrap_message(False, m["compressed"], bytes.fromhex(m["hex"])) for m in item["messages"])
    body += protocol.wrap_message(True, False, protocol.pack_trailers([(k, v) for k, v in item["trailers"]]))
    out["encoded"].append(body.hex())

for payload_hex in cases["protobuf"]:
    message = empty_pb2.Empty()
    message.ParseFromString(bytes.fromhex(payload_hex))
    fields = []
    for field in UnknownFieldSet(message):
        data = field.data
        fields.append([field.field_number, field.wire_type, data.hex() if isinstance(data, bytes) else data])
    out["protobuf"].append(fields)

for seconds in cases["timeouts"]:
    text = protocol.serialize_timeout(seconds)
    out["timeouts"].append([text, protocol.parse_timeout(text.encode())])

print(json.dumps(out))
