"""The cuff's Bluetooth LE GATT service: identifiers and how frames are cut to the ATT MTU.

The service carries the same byte stream as the serial link (COBS frames ended by ``0x00``,
``docs/protocol.md`` section 1) over two characteristics: the host writes to
:data:`WRITE_UUID` and the device notifies on :data:`NOTIFY_UUID`. A write or notification
carries at most ``ATT_MTU - 3`` bytes, so one frame may span several and one may carry the end
of a frame and the start of the next; the frame reader rebuilds frames at the delimiters as
on a serial line. Used by the board layer (MicroPython) and by the host; standard library only.
"""

SERVICE_UUID = "9614b5d0-8444-4e34-8fbb-0e4ebe03d3e1"
WRITE_UUID = "9614b5d1-8444-4e34-8fbb-0e4ebe03d3e1"
NOTIFY_UUID = "9614b5d2-8444-4e34-8fbb-0e4ebe03d3e1"
#: The ATT MTU every link starts with (Bluetooth Core, Vol 3 Part F 3.2.8: ATT_MTU default 23).
DEFAULT_ATT_MTU = 23
#: Bytes of an ATT write or notification PDU that are not payload (opcode and handle).
ATT_HEADER_BYTES = 3
#: The MTU a host asks for after connecting (a status frame then fits in one notification).
PREFERRED_ATT_MTU = 247
#: Advertised local name prefix; the rest is the board's choice (e.g. its serial number).
NAME_PREFIX = "Occlusion cuff"


def chunk_size(att_mtu: int) -> int:
    """Return the payload bytes one write or notification may carry at ``att_mtu``."""
    return max(att_mtu, DEFAULT_ATT_MTU) - ATT_HEADER_BYTES


def chunks(data: bytes, att_mtu: int) -> list[bytes]:
    """Cut ``data`` into pieces that each fit one write or notification at ``att_mtu``."""
    size = chunk_size(att_mtu)
    return [data[start : start + size] for start in range(0, len(data), size)]
