/**
 * SIP trunk connectors (SPEC §1.2 docking modes) as plug-ins: {@link io.parley.api.sip.trunk.TrunkConnector}
 * is the SPI a connector bundle registers, one per docking mode; {@link io.parley.api.sip.trunk.TrunkSignalling}
 * is what the SIP core offers it (requests outside dialogs, digest answers, where the appliance is seen),
 * so a connector never touches the SIP stack. Dialogs and calls stay in the SIP core. See
 * {@code docs/custom-trunk-connector.md}.
 */
@org.osgi.annotation.versioning.Version("0.1.0")
package io.parley.api.sip.trunk;
