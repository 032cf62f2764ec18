/**
 * The {@code cnn-kernels} example: the CNN-GP and CNTK of small convolutional networks with Flatten and GlobalAvgPool
 * readouts, wide finite CNNs realised from the same description converging to them, and a spatial covariance drawn as
 * a picture.
 */
package org.tangent4j.examples.cnn;
