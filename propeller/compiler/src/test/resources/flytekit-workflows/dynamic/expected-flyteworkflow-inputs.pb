

n

*

offset

*