/**
 * Parley's public contract: domain records, the services other bundles offer, the plug-in
 * SPIs integrators implement, and the EventAdmin topics. Nothing here has logic or
 * dependencies beyond the JDK and OSGi annotations.
 */
@org.osgi.annotation.versioning.Version("0.1.0")
package io.parley.api;
