/** SIP signalling services (SPEC §1, §12): the registrar and its live bindings. */
@org.osgi.annotation.versioning.Version("0.1.0")
package io.parley.api.sip;
