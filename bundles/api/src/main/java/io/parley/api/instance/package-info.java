/** Instances (tenants) of the appliance, SPEC §0.1. */
@org.osgi.annotation.versioning.Version("0.1.0")
package io.parley.api.instance;
