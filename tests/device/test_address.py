"""Device addresses: parsed once, asked questions, printed back the same."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from occlusion.device.address import DeviceAddress, DeviceKind
from occlusion.errors import InputError


@pytest.mark.parametrize(
    ("text", "kind", "target", "limbs", "options"),
    [
        ("sim", DeviceKind.SIM, "", (), ()),
        ("SIM:Thigh+arm", DeviceKind.SIM, "", ("thigh", "arm"), ()),
        ("serial:/dev/ttyUSB0", DeviceKind.SERIAL, "/dev/ttyUSB0", (), ()),
        ("serial:/dev/ttyACM0?baud=9600", DeviceKind.SERIAL, "/dev/ttyACM0", (),
         (("baud", "9600"),)),
        ("serial:COM3", DeviceKind.SERIAL, "COM3", (), ()),
        ("ble:AA:BB:CC:DD:EE:FF", DeviceKind.BLE, "AA:BB:CC:DD:EE:FF", (), ()),
        ("ble:AA:BB:CC:DD:EE:FF?timeout_s=12.5", DeviceKind.BLE, "AA:BB:CC:DD:EE:FF", (),
         (("timeout_s", "12.5"),)),
        ("  ble:4A1C2B7E-0000-4000-8000-00805F9B34FB ", DeviceKind.BLE,
         "4A1C2B7E-0000-4000-8000-00805F9B34FB", (), ()),
    ],
)
def test_every_form_parses(
    text: str,
    kind: DeviceKind,
    target: str,
    limbs: tuple[str, ...],
    options: tuple[tuple[str, str], ...],
) -> None:
    address = DeviceAddress.parse(text)
    assert (address.kind, address.target, address.limbs, address.options) == (
        kind, target, limbs, options
    )
    assert address.simulated is (kind is DeviceKind.SIM)
    assert DeviceAddress.parse(address.url) == address


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("", "device.address.empty"),
        ("   ", "device.address.empty"),
        ("bluetooth:cuff", "device.address.unknown-kind"),
        ("simulator", "device.address.unknown-kind"),
        ("serial:", "device.address.no-target"),
        ("ble:", "device.address.no-target"),
        ("sim:leg", "device.address.unknown-limb"),
        ("sim?x=1", "device.address.bad-option"),
        ("serial:/dev/x?baud", "device.address.bad-option"),
        ("serial:/dev/x?baud=fast", "device.address.bad-option"),
        ("serial:/dev/x?baud=0", "device.address.bad-option"),
        ("serial:/dev/x?parity=E", "device.address.bad-option"),
        ("ble:AA:BB?timeout_s=-1", "device.address.bad-option"),
        ("ble:AA:BB?timeout_s=nan", "device.address.bad-option"),
    ],
)
def test_bad_addresses_are_refused_with_a_code(text: str, code: str) -> None:
    with pytest.raises(InputError) as caught:
        DeviceAddress.parse(text)
    assert caught.value.code == code
    assert caught.value.fields["value"] is not None


def test_a_simulated_cuff_is_fitted_to_the_plan_and_a_real_one_is_not() -> None:
    assert DeviceAddress.parse("sim").fitted(["left-thigh", "right-thigh"]).url == "sim:thigh+thigh"
    assert DeviceAddress.parse("sim:arm").fitted([]).url == "sim:thigh"
    board = DeviceAddress.parse("ble:AA:BB:CC:DD:EE:FF")
    assert board.fitted(["left-arm"]) is board


def test_the_virtual_bluetooth_cuff_is_simulated_and_a_board_is_not() -> None:
    virtual = DeviceAddress.parse("ble:virtual?mtu=23")
    assert virtual.simulated and virtual.channel_of("arm") == 1
    assert virtual.fitted(["left-thigh"]) is virtual
    assert not DeviceAddress.parse("ble:AA:BB:CC:DD:EE:FF").simulated


def test_channels_follow_the_simulated_limbs_and_a_board_uses_its_first() -> None:
    assert DeviceAddress.parse("sim").channel_of("arm") == 1
    assert DeviceAddress.parse("sim:arm+thigh").channel_of("thigh") == 1
    assert DeviceAddress.parse("serial:/dev/ttyUSB0").channel_of("arm") == 0
    with pytest.raises(InputError) as caught:
        DeviceAddress.parse("sim:arm").channel_of("thigh")
    assert caught.value.code == "device.no-channel"
    assert caught.value.fields == {"limb": "thigh", "channels": ["arm"]}


def test_of_keeps_an_address_and_parses_text() -> None:
    address = DeviceAddress.parse("sim")
    assert DeviceAddress.of(address) is address
    assert DeviceAddress.of("serial:/dev/ttyUSB0").target == "/dev/ttyUSB0"


@given(st.text(max_size=40))
def test_any_text_parses_or_is_an_input_error(text: str) -> None:
    try:
        address = DeviceAddress.parse(text)
    except InputError as error:
        assert error.code.startswith("device.address.")
    else:
        assert DeviceAddress.parse(address.url) == address


def test_no_code_outside_the_device_layer_inspects_address_text() -> None:
    from pathlib import Path

    import occlusion

    root = Path(occlusion.__file__).parent
    pattern_hits = []
    for path in root.rglob("*"):
        inside = path.relative_to(root).parts
        if path.suffix not in {".py", ".html", ".js"} or inside[0] == "device":
            continue
        text = path.read_text(encoding="utf-8")
        for needle in ('startswith("sim', "startswith('sim", 'startswith(("sim', '=== "sim"',
                       '== "sim"', 'startswith("serial', 'startswith("ble'):
            if needle in text:
                pattern_hits.append(f"{path.relative_to(root)}: {needle}")
    assert pattern_hits == []
