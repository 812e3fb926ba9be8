"""Wire format shared by the firmware and the host: COBS framing, CRC-16 and sequence windows.

This module is the byte-level half of the protocol in ``docs/protocol.md``. It uses only
``struct`` and built-in types so the same file runs on a MicroPython board.

A frame on the line is ``COBS(body) 0x00`` where ``body`` is::

    version u8 | type u8 | sequence u16 LE | payload ... | crc u16 LE

and the CRC (CRC-16/CCITT-FALSE: polynomial 0x1021, initial value 0xFFFF, no reflection, no
final XOR) covers every byte of the body before it -- preceded, in a host frame other than HELLO,
by the four bytes of the session challenge the device issued (the "session key"), so that frames
recorded in one session fail the check in any other.
"""

import struct

try:  # CPython: the same CRC in C (binascii.crc_hqx is CRC-16/CCITT with a chosen start value)
    import binascii

    _crc_hqx = getattr(binascii, "crc_hqx", None)
except ImportError:  # a MicroPython build without binascii: the table below gives the same CRC
    _crc_hqx = None

PROTOCOL_VERSION = 2
DELIMITER = 0
HEADER_BYTES = 4
CRC_BYTES = 2
MINIMUM_BODY_BYTES = HEADER_BYTES + CRC_BYTES
MAXIMUM_BODY_BYTES = 250
SEQUENCE_MODULUS = 65536
# A sequence number is "newer" when it lies less than half the circle ahead of the last one
# accepted (serial-number arithmetic, as in RFC 1982), so wrap-around needs no special case.
SEQUENCE_HALF_WINDOW = SEQUENCE_MODULUS // 2

# Reasons a frame is rejected; the receiver counts each kind.
REJECT_CRC = "crc"
REJECT_COBS = "cobs"
REJECT_LENGTH = "length"
REJECT_VERSION = "version"
REJECT_REPLAY = "replay"
REJECT_OVERFLOW = "overflow"
REJECT_REASONS = (
    REJECT_CRC,
    REJECT_COBS,
    REJECT_LENGTH,
    REJECT_VERSION,
    REJECT_REPLAY,
    REJECT_OVERFLOW,
)


def _crc_table() -> list[int]:
    table = []
    for index in range(256):
        crc = index << 8
        for _ in range(8):
            crc = (crc << 1 ^ 4129) & 65535 if crc & 32768 else crc << 1 & 65535
        table.append(crc)
    return table


_CRC_TABLE = _crc_table()


def crc16_ccitt_table(data: bytes, crc: int = 0xFFFF) -> int:
    """Return the CRC-16/CCITT-FALSE of ``data`` from a 256-entry table (portable version)."""
    table = _CRC_TABLE
    for byte in data:
        crc = (crc << 8 & 65535) ^ table[(crc >> 8) ^ byte]
    return crc


def crc16_ccitt(data: bytes, crc: int = 0xFFFF) -> int:
    """Return the CRC-16/CCITT-FALSE of ``data`` (check value of b"123456789" is 0x29B1).

    ``crc`` continues a CRC: ``crc16_ccitt(b, crc16_ccitt(a)) == crc16_ccitt(a + b)``.
    """
    if _crc_hqx is not None:
        result: int = _crc_hqx(data, crc)
        return result
    return crc16_ccitt_table(data, crc)


def cobs_encode(data: bytes) -> bytes:
    """Return ``data`` with every zero byte removed by consistent-overhead byte stuffing."""
    output = bytearray()
    for part in bytes(data).split(b"\x00"):
        while len(part) >= 254:
            output.append(255)
            output.extend(part[:254])
            part = part[254:]
        output.append(len(part) + 1)
        output.extend(part)
    return bytes(output)


def cobs_decode(data: bytes) -> bytes | None:
    """Return the bytes that :func:`cobs_encode` turned into ``data``, or None if malformed."""
    output = bytearray()
    index = 0
    length = len(data)
    while index < length:
        code = data[index]
        if code == 0:
            return None
        block_end = index + code
        if block_end > length:
            return None
        block = data[index + 1 : block_end]
        if 0 in block:
            return None
        output.extend(block)
        index = block_end
        if code != 255 and index < length:
            output.append(0)
    return bytes(output)


def session_key(challenge: int | None) -> bytes:
    """Return the bytes a session's challenge puts before each host frame's CRC (none: b"")."""
    if challenge is None:
        return b""
    return struct.pack("<I", challenge)


def pack_body(message_type: int, sequence: int, payload: bytes, key: bytes = b"") -> bytes:
    """Return a frame body (header, payload and CRC) before COBS encoding.

    ``key`` (the session key of a host frame, see :func:`session_key`) is covered by the CRC
    but not sent.
    """
    head = struct.pack("<BBH", PROTOCOL_VERSION, message_type, sequence % SEQUENCE_MODULUS)
    without_crc = head + payload
    start = crc16_ccitt(key) if key else 0xFFFF
    return without_crc + struct.pack("<H", crc16_ccitt(without_crc, start))


def encode_frame(message_type: int, sequence: int, payload: bytes, key: bytes = b"") -> bytes:
    """Return one complete frame, ready to write to the line (ends with the 0x00 delimiter)."""
    body = pack_body(message_type, sequence, payload, key)
    if len(body) > MAXIMUM_BODY_BYTES:
        raise ValueError("frame body longer than " + str(MAXIMUM_BODY_BYTES) + " bytes")
    return cobs_encode(body) + b"\x00"


def parse_body(
    encoded: bytes, key: bytes = b"", unkeyed_type: int | None = None
) -> tuple[int, int, bytes] | str:
    """Check one delimited frame (without its 0x00) and return ``(type, sequence, payload)``.

    The CRC is checked with the session ``key`` in front of the body, except for a frame of
    ``unkeyed_type`` (HELLO, which opens a session). On failure return the rejection reason
    (one of :data:`REJECT_REASONS`) instead.
    """
    body = cobs_decode(encoded)
    if body is None:
        return REJECT_COBS
    if len(body) < MINIMUM_BODY_BYTES or len(body) > MAXIMUM_BODY_BYTES:
        return REJECT_LENGTH
    (received_crc,) = struct.unpack("<H", body[-CRC_BYTES:])
    start = 0xFFFF
    if key and body[1] != unkeyed_type:
        start = crc16_ccitt(key)
    if crc16_ccitt(body[:-CRC_BYTES], start) != received_crc:
        return REJECT_CRC
    version, message_type, sequence = struct.unpack("<BBH", body[:HEADER_BYTES])
    if version != PROTOCOL_VERSION:
        return REJECT_VERSION
    return message_type, sequence, bytes(body[HEADER_BYTES:-CRC_BYTES])


def is_newer(sequence: int, last: int | None) -> bool:
    """Return True when ``sequence`` comes after ``last`` in 16-bit serial-number order."""
    if last is None:
        return True
    distance = (sequence - last) % SEQUENCE_MODULUS
    return 0 < distance < SEQUENCE_HALF_WINDOW


class FrameReader:
    """Split a byte stream into checked frames and count what it rejects.

    Feed it whatever arrives with :meth:`feed`; it returns the accepted
    ``(type, sequence, payload)`` tuples. Frames whose sequence number is not newer than the
    last accepted one are rejected as replays (a retransmission must carry a new number). A run
    of more than ``2 * MAXIMUM_BODY_BYTES`` bytes without a delimiter is discarded up to and
    including the next delimiter, so nothing in it or straight after it can pass as a frame.

    Parameters
    ----------
    unkeyed_type
        Message type whose CRC never includes the session key (HELLO on the device side).
    """

    def __init__(self, unkeyed_type: int | None = None) -> None:
        self._buffer = bytearray()
        self._discarding = False
        self.key = b""
        self.unkeyed_type = unkeyed_type
        self.last_sequence: int | None = None
        self.rejected: dict[str, int] = {}
        for reason in REJECT_REASONS:
            self.rejected[reason] = 0
        self.accepted = 0

    def rejected_total(self) -> int:
        """Return how many frames were rejected, for any reason."""
        total = 0
        for reason in REJECT_REASONS:
            total += self.rejected[reason]
        return total

    def reset_sequence(self) -> None:
        """Forget the last accepted sequence number (a new session starts)."""
        self.last_sequence = None

    def feed(self, data: bytes) -> list[tuple[int, int, bytes]]:
        """Consume ``data`` and return the frames it completed that passed every check."""
        frames: list[tuple[int, int, bytes]] = []
        start = 0
        size = len(data)
        while start < size:
            end = data.find(b"\x00", start)
            if end < 0:
                if not self._discarding:
                    self._buffer.extend(data[start:])
                    if len(self._buffer) > 2 * MAXIMUM_BODY_BYTES:
                        # Too long for a frame: drop everything up to the next delimiter.
                        self._buffer = bytearray()
                        self._discarding = True
                        self.rejected[REJECT_OVERFLOW] += 1
                return frames
            if self._discarding:
                self._discarding = False
                start = end + 1
                continue
            self._buffer.extend(data[start:end])
            start = end + 1
            if not self._buffer:
                continue
            if len(self._buffer) > 2 * MAXIMUM_BODY_BYTES:
                self._buffer = bytearray()
                self.rejected[REJECT_OVERFLOW] += 1
                continue
            result = parse_body(bytes(self._buffer), self.key, self.unkeyed_type)
            self._buffer = bytearray()
            if isinstance(result, str):
                self.rejected[result] += 1
                continue
            frames.append(result)
        return frames

    def accept_sequence(self, sequence: int, resets: bool = False) -> bool:
        """Record ``sequence`` if it is newer (or ``resets`` is set) and say if it was accepted."""
        if not resets and not is_newer(sequence, self.last_sequence):
            self.rejected[REJECT_REPLAY] += 1
            return False
        self.last_sequence = sequence
        self.accepted += 1
        return True
