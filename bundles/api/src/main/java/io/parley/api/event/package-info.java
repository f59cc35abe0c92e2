/** EventAdmin topics for call and agent life cycles. */
@org.osgi.annotation.versioning.Version("0.1.0")
package io.parley.api.event;
