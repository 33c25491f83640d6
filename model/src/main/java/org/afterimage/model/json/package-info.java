/** JSON codecs for every value on the topics: one mapper, an explicit schema version, one exception for bad input. */
package org.afterimage.model.json;
