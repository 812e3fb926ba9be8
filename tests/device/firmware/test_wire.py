from __future__ import annotations

import struct
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from occlusion.device.firmware import messages as msg
from occlusion.device.firmware import wire
from occlusion.device.protocol import encode_command


def test_crc_matches_the_published_check_value() -> None:
    # CRC-16/CCITT-FALSE check value from the CRC catalogue: "123456789" -> 0x29B1.
    assert wire.crc16_ccitt(b"123456789") == 0x29B1
    assert wire.crc16_ccitt(b"") == 0xFFFF


def test_cobs_examples_from_the_definition() -> None:
    assert wire.cobs_encode(b"\x00") == b"\x01\x01"
    assert wire.cobs_encode(b"\x11\x22\x00\x33") == b"\x03\x11\x22\x02\x33"
    assert wire.cobs_encode(b"") == b"\x01"
    assert wire.cobs_decode(b"\x03\x11\x22\x02\x33") == b"\x11\x22\x00\x33"


@given(st.binary(max_size=600))
def test_cobs_round_trips_and_never_emits_zero(data: bytes) -> None:
    encoded = wire.cobs_encode(data)
    assert 0 not in encoded
    assert wire.cobs_decode(encoded) == data


@given(st.integers(0, 255), st.integers(0, 65535), st.binary(max_size=200))
def test_frames_round_trip(message_type: int, sequence: int, payload: bytes) -> None:
    reader = wire.FrameReader()
    frames = reader.feed(wire.encode_frame(message_type, sequence, payload))
    assert frames == [(message_type, sequence, payload)]


def test_a_frame_split_across_reads_is_reassembled() -> None:
    frame = wire.encode_frame(3, 7, b"\x01\x02\x00\x03")
    reader = wire.FrameReader()
    assert reader.feed(frame[:3]) == []
    assert reader.feed(frame[3:]) == [(3, 7, b"\x01\x02\x00\x03")]


def test_corrupted_truncated_and_foreign_frames_are_counted_not_returned() -> None:
    good = wire.encode_frame(3, 7, b"\x10\x20")
    flipped = bytearray(good)
    flipped[2] ^= 0x40
    truncated = good[:-3] + b"\x00"
    body = struct.pack("<BBH", 9, 3, 7) + b"\x10\x20"
    other_version = wire.cobs_encode(body + struct.pack("<H", wire.crc16_ccitt(body))) + b"\x00"
    reader = wire.FrameReader()
    assert reader.feed(bytes(flipped) + truncated + other_version + b"\x05\x00") == []
    assert reader.rejected_total() == 4
    assert reader.rejected["version"] == 1
    assert reader.feed(good) == [(3, 7, b"\x10\x20")]


@given(st.binary(max_size=2000))
def test_random_garbage_never_yields_a_frame_with_a_bad_crc(garbage: bytes) -> None:
    reader = wire.FrameReader()
    for message_type, sequence, payload in reader.feed(garbage + b"\x00"):
        # Anything accepted must be a frame that re-encodes to itself (CRC held).
        assert wire.parse_body(
            wire.cobs_encode(wire.pack_body(message_type, sequence, payload))
        ) == (message_type, sequence, payload)


def test_sequence_window_rejects_replays_and_accepts_wraparound() -> None:
    reader = wire.FrameReader()
    assert reader.accept_sequence(65534)
    assert reader.accept_sequence(65535)
    assert reader.accept_sequence(0)
    assert not reader.accept_sequence(65535)
    assert not reader.accept_sequence(0)
    assert reader.rejected["replay"] == 2
    assert reader.accept_sequence(100, resets=False)
    assert reader.accept_sequence(5, resets=True)


def test_a_line_of_garbage_without_delimiters_is_bounded() -> None:
    reader = wire.FrameReader()
    reader.feed(b"\x07" * 5000)
    assert reader.rejected["overflow"] >= 1
    # The garbage is dropped at the next delimiter; the frame after it arrives intact.
    assert reader.feed(b"\x00" + wire.encode_frame(1, 1, b"")) == [(1, 1, b"")]


PROTOCOL_DOC = Path(__file__).resolve().parents[3] / "docs" / "protocol.md"


def _documented_lines() -> dict[str, bytes]:
    """Return the worked example's on-the-line bytes from docs/protocol.md, by message name."""
    text = PROTOCOL_DOC.read_text(encoding="utf-8")
    lines: dict[str, bytes] = {}
    name = ""
    section = text.split("## 6.")[1].split("## 7.")[0]
    for line in section.split("```")[1].splitlines():
        words = line.split()
        if words and words[0].isupper() and len(words) > 1:
            name = words[0]
            words = words[1:]
        if name and words and words[0] == "line":
            lines[name] = bytes.fromhex("".join(words[1:]))
    return lines


def test_the_worked_exchange_in_the_protocol_document_is_exact() -> None:
    challenge_key = wire.session_key(0xA1B2C3D4)
    documented = _documented_lines()
    assert documented == {
        "HELLO": encode_command(msg.HELLO, 1, wire.PROTOCOL_VERSION, 0x12345678),
        "SET_TARGET": encode_command(msg.SET_TARGET, 2, 0, 1600, key=challenge_key),
        "INFLATE": encode_command(msg.INFLATE, 3, 0, key=challenge_key),
    }
    body = wire.pack_body(msg.SET_TARGET, 2, struct.pack("<BH", 0, 1600), challenge_key)
    assert wire.crc16_ccitt(challenge_key + body[:-2]) == 0xF18C


def test_a_frame_from_another_session_fails_the_crc() -> None:
    reader = wire.FrameReader(unkeyed_type=msg.HELLO)
    reader.key = wire.session_key(2)
    old = encode_command(msg.INFLATE, 5, 0, key=wire.session_key(1))
    assert reader.feed(old) == []
    assert reader.rejected["crc"] == 1
    hello = encode_command(msg.HELLO, 6, wire.PROTOCOL_VERSION, 7)
    assert [frame[0] for frame in reader.feed(hello)] == [msg.HELLO]


@given(st.integers(501, 3000), st.integers(0, 65535))
def test_a_frame_glued_to_a_long_junk_run_is_discarded_with_it(junk: int, sequence: int) -> None:
    reader = wire.FrameReader()
    frame = wire.encode_frame(msg.HEARTBEAT, sequence, b"")
    assert reader.feed(b"\x55" * junk + frame) == []
    assert reader.rejected["overflow"] == 1
    assert reader.feed(frame) == [(msg.HEARTBEAT, sequence, b"")]


def test_table_crc_and_c_crc_agree() -> None:
    data = bytes(range(256)) * 3
    assert wire.crc16_ccitt_table(data) == wire.crc16_ccitt(data)
    assert wire.crc16_ccitt_table(b"123456789") == 0x29B1
