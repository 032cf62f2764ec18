/**
 * A project of your own on tangent4j: an architecture written in SameDiff ({@link com.example.ntk.SkipNetwork}) and
 * a program ({@link com.example.ntk.Main}) that computes its empirical NTK, the infinite-width kernels of the matching
 * {@code DenseStack}, and a Gaussian-process posterior.
 */
package com.example.ntk;
