/** Per-item outcomes of bulk operations (SPEC §0.2 "Bulk ops"). */
@org.osgi.annotation.versioning.Version("0.1.0")
package io.parley.api.bulk;
