/** Analytic 2D densities with known normalizers and exact samplers, for tests and toy examples. */
package org.boltzflow.flows.targets;
