/**
 * The surface a node compiles against to load the ckbvm execution plugin. JDK only.
 */
package org.ckbvm.plugin.api;
