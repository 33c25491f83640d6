/** The contract between modules: records on the Kafka topics, their JSON codecs and serdes, and the topic names. */
package org.afterimage.model;
