/**
 * The surface a node compiles against to load the ckbvm execution plugin. JDK only; nothing here
 * knows the runtime.
 */
package org.ckbvm.plugin.api;
