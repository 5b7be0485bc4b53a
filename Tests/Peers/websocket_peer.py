"""WebSocket peer for the lab's tests: parses the lab's frames and handshake with the
`websockets` library (its sans-I/O frame parser and protocol objects), and makes frames and
handshakes of its own for the lab to read; answers upgrade requests and checks answers to
upgrades, malformed ones among them, to compare what the peer refuses with what the lab refuses.

Usage: websocket_peer.py CASES.json  -> JSON on stdout.
"""
import json, sys
from websockets.client import ClientProtocol
from websockets.server import ServerProtocol
from websockets.frames import Frame, Close, Opcode
from websockets.streams import StreamReader
from websockets.uri import parse_uri

cases = json.load(open(sys.argv[1]))


def parse_frames(data, mask):
    reader = StreamReader()
    reader.feed_data(data)
    reader.feed_eof()
    frames = []
    while reader.buffer:
        parser = Frame.parse(reader.read_exact, mask=mask, max_size=None, extensions=[])
        try:
            next(parser)
            return frames, "incomplete"
        except StopIteration as done:
            frame = done.value
        except Exception as error:  # the peer's verdict on a frame it rejects
            return frames, type(error).__name__
        item = {"opcode": int(frame.opcode), "fin": frame.fin, "rsv": [frame.rsv1, frame.rsv2, frame.rsv3], "payload": bytes(frame.data).hex()}
        if frame.opcode == Opcode.CLOSE and frame.data:
            close = Close.parse(frame.data)
            item["close"] = [close.code, close.reason]
        frames.append(item)
    return frames, None


out = {"client_frames": [], "server_frames": [], "made": []}
for hex_bytes in cases["client_frames"]:
    frames, error = parse_frames(bytes.fromhex(hex_bytes), mask=True)
    out["client_frames"].append({"frames": frames, "error": error})
for hex_bytes in cases["server_frames"]:
    frames, error = parse_frames(bytes.fromhex(hex_bytes), mask=False)
    out["server_frames"].append({"frames": frames, "error": error})
for item in cases["make"]:
    frame = Frame(Opcode(item["opcode"]), bytes.fromhex(item["payload"]), fin=item["fin"])
    out["made"].append(frame.serialize(mask=item["mask"]).hex())

# Our upgrade request, answered by the peer's server.
server = ServerProtocol()
server.receive_data(bytes.fromhex(cases["client_request"]))
request = server.events_received()[0]
response = server.accept(request)
server.send_response(response)
out["server_response"] = b"".join(server.data_to_send()).hex()
out["server_accepted"] = response.status_code == 101

# The peer's upgrade request, for us to answer; and our answer to an earlier request, checked.
client = ClientProtocol(parse_uri("ws://lab.test/chat"))
client.send_request(client.connect())
out["client_request"] = b"".join(client.data_to_send()).hex()
if cases.get("our_response"):
    checker = ClientProtocol(parse_uri("ws://lab.test/chat"))
    checker.key = cases["our_response"]["key"]
    checker.send_request(checker.connect())
    checker.data_to_send()
    checker.receive_data(bytes.fromhex(cases["our_response"]["response"]))
    checker.events_received()
    out["our_response_accepted"] = checker.handshake_exc is None
    out["our_response_error"] = repr(checker.handshake_exc)

# Upgrade requests, some malformed: the status the peer's server answers each with.
out["server_checks"] = []
for hex_bytes in cases.get("server_checks", []):
    checker = ServerProtocol()
    checker.receive_data(bytes.fromhex(hex_bytes))
    events = checker.events_received()
    if not events:  # the peer's HTTP parser refused the bytes before the handshake checks
        out["server_checks"].append({"status": None, "error": repr(checker.handshake_exc)})
        continue
    response = checker.accept(events[0])
    out["server_checks"].append({"status": response.status_code, "error": repr(checker.handshake_exc)})

# Answers to an upgrade sent with a key and offering subprotocols: whether the peer's client takes each.
out["client_checks"] = []
for item in cases.get("client_checks", []):
    checker = ClientProtocol(parse_uri("ws://lab.test/chat"), subprotocols=item["subprotocols"] or None)
    checker.key = item["key"]
    checker.send_request(checker.connect())
    checker.data_to_send()
    checker.receive_data(bytes.fromhex(item["response"]))
    checker.events_received()
    out["client_checks"].append({"accepted": checker.handshake_exc is None, "error": repr(checker.handshake_exc)})

print(json.dumps(out))
