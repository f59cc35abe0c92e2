/** Paged lists shared by every list operation. */
@org.osgi.annotation.versioning.Version("0.1.0")
package io.parley.api.paging;
