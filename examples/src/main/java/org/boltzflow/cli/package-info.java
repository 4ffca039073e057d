/** CLI. */
package org.boltzflow.cli;
