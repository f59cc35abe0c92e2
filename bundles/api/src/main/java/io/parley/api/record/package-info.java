/** Service records (SPEC §27): the record of a session, the query filter and the service behind REST and shell. */
@org.osgi.annotation.versioning.Version("0.1.0")
package io.parley.api.record;
